package dev.parley.bench.relay;

/**
 * A trivial in-memory relay speaking the same WebSocket frames as Parley (v1 on
 * {@code /ws}, the seed's on {@code /messaging}), used to calibrate the bench: no broker,
 * no database, per-conversation sequence numbers in memory. The same protocol logic
 * ({@link RelaySession}, {@link RelayState}) runs on each {@link RelayStack}, so that the
 * stacks can be compared on one workload. {@link #close()} stops it.
 */
public interface RelayServer extends AutoCloseable {

	/** Starts a relay on plain Netty on {@code host:port} ({@code 0}: any free port). */
	static RelayServer start(String host, int port, int threads) throws InterruptedException {
		return start(RelayStack.NETTY, host, port, threads);
	}

	/**
	 * Starts a relay on {@code stack} on {@code host:port} ({@code 0}: any free port),
	 * with {@code threads} event-loop threads (Netty, Reactor Netty; Tomcat keeps its own
	 * pools).
	 */
	static RelayServer start(RelayStack stack, String host, int port, int threads) throws InterruptedException {
		if (stack == RelayStack.TOMCAT) {
			return TomcatRelay.start(host, port);
		}
		if (stack == RelayStack.REACTOR) {
			return ReactorRelay.start(host, port, threads);
		}
		return NettyRelay.start(host, port, threads);
	}

	/** The port it listens on. */
	int port();

	/** Blocks until the relay is closed. */
	void awaitClose() throws InterruptedException;

	@Override
	void close();

}
