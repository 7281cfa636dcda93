package dev.parley.infra;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.common.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts what each client address holds open on this node (WebSockets and HTTP requests
 * in progress) and the node's WebSockets, so that one address, or the node's sockets
 * together, cannot take every connection the server accepts. A request or a socket asks
 * for a {@link Permit} before it is served and closes it when it ends. Metrics:
 * {@code parley.connections.sockets} (WebSockets held),
 * {@code parley.connections.addresses} (addresses holding something) and
 * {@code parley.connections.refused{limit}} ({@code address} or {@code node}).
 * Thread-safe.
 */
public final class ConnectionPermits {

	private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

	private final AtomicInteger sockets = new AtomicInteger();

	private final int addressLimit;

	private final int socketLimit;

	private final Counter refusedAddress;

	private final Counter refusedNode;

	/**
	 * @param addressLimit sockets and requests one address may hold at once
	 * @param socketLimit WebSockets the node holds at once
	 */
	public ConnectionPermits(int addressLimit, int socketLimit, MeterRegistry meters) {
		this.addressLimit = addressLimit;
		this.socketLimit = socketLimit;
		Gauge.builder("parley.connections.sockets", this.sockets, AtomicInteger::get)
			.description("WebSockets open on this node")
			.register(meters);
		Gauge.builder("parley.connections.addresses", this.perAddress, Map::size)
			.description("Client addresses with a WebSocket or a request open")
			.register(meters);
		this.refusedAddress = Counter.builder("parley.connections.refused")
			.tag("limit", "address")
			.description("Requests and handshakes refused for a limit of connections")
			.register(meters);
		this.refusedNode = Counter.builder("parley.connections.refused").tag("limit", "node").register(meters);
	}

	/**
	 * A permit for an HTTP request from {@code address}, or the code to refuse it with
	 * ({@link ErrorCode#RATE_LIMITED}: the address holds its share already).
	 */
	public Result forRequest(String address) {
		return acquireAddress(address) ? Result.granted(new Permit(this, address, false))
				: Result.refused(ErrorCode.RATE_LIMITED);
	}

	/**
	 * A permit for a WebSocket from {@code address}, or the code to refuse it with:
	 * {@link ErrorCode#RATE_LIMITED} when the address holds its share,
	 * {@link ErrorCode#UNAVAILABLE} when the node holds all the sockets it takes.
	 */
	public Result forSocket(String address) {
		if (this.sockets.incrementAndGet() > this.socketLimit) {
			this.sockets.decrementAndGet();
			this.refusedNode.increment();
			return Result.refused(ErrorCode.UNAVAILABLE);
		}
		if (!acquireAddress(address)) {
			this.sockets.decrementAndGet();
			return Result.refused(ErrorCode.RATE_LIMITED);
		}
		return Result.granted(new Permit(this, address, true));
	}

	private boolean acquireAddress(String address) {
		boolean[] granted = { false };
		this.perAddress.compute(address, (key, held) -> {
			int count = (held != null) ? held : 0;
			if (count >= this.addressLimit) {
				return held;
			}
			granted[0] = true;
			return count + 1;
		});
		if (!granted[0]) {
			this.refusedAddress.increment();
		}
		return granted[0];
	}

	private void release(String address, boolean socket) {
		this.perAddress.computeIfPresent(address, (key, held) -> (held <= 1) ? null : held - 1);
		if (socket) {
			this.sockets.decrementAndGet();
		}
	}

	/**
	 * A permit or the reason there is none.
	 *
	 * @param permit the permit, if granted
	 * @param refusal the error code to answer with, if refused
	 */
	public record Result(Optional<Permit> permit, Optional<ErrorCode> refusal) {

		static Result granted(Permit permit) {
			return new Result(Optional.of(permit), Optional.empty());
		}

		static Result refused(ErrorCode code) {
			return new Result(Optional.empty(), Optional.of(code));
		}

	}

	/** One socket or request held open; closing it more than once has no effect. */
	public static final class Permit implements AutoCloseable {

		private final ConnectionPermits permits;

		private final String address;

		private final boolean socket;

		private final AtomicBoolean open = new AtomicBoolean(true);

		private Permit(ConnectionPermits permits, String address, boolean socket) {
			this.permits = permits;
			this.address = address;
			this.socket = socket;
		}

		@Override
		public void close() {
			if (this.open.compareAndSet(true, false)) {
				this.permits.release(this.address, this.socket);
			}
		}

	}

}
