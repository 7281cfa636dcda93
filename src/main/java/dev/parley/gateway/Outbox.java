package dev.parley.gateway;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.parley.messaging.WellFormedText;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * The frames waiting to go out on one socket, sent one at a time with the container's
 * asynchronous send so that no caller (the event tail above all) ever blocks on a slow
 * client. A client more than {@code limitBytes} behind, or one whose send does not
 * complete within {@code sendTimeout}, is closed with 4408 and will resume later. A
 * connection that breaks under a send (the client left) is only forgotten, and counted
 * apart ({@code parley.gateway.sessions.broken}). Either way the session is forgotten at
 * once and the socket is closed on {@code closer}: the container's close waits for the
 * send in progress (Tomcat gives it 50 ms), and the caller, often the thread that
 * delivers to every client of the node, must not wait with it. Text that UTF-8 cannot
 * carry (an unpaired UTF-16 surrogate) goes out with U+FFFD in its place, counted in
 * {@code parley.gateway.frames.repaired}, and never closes the session.
 *
 * <p>
 * Thread-safe: state is guarded by this object's monitor; the container may complete a
 * send on any thread, or inline.
 */
final class Outbox {

	private static final Logger log = LoggerFactory.getLogger(Outbox.class);

	/** Tomcat's per-session limit on a blocking send (its default is 20 s). */
	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	/**
	 * Tomcat's per-session limit on sending the close frame of a close code other than
	 * 1000 (its default is 50 ms).
	 */
	private static final String CLOSE_SEND_TIMEOUT = "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT";

	/**
	 * Parley's own frames go out asynchronously; the container's blocking sends are its
	 * answer to a client's ping and the close handshake. A client that stops reading
	 * could leave such an answer short of room: the worker that sends it waits this long
	 * at most before Tomcat drops the client, instead of 20 s.
	 */
	private static final Long CONTROL_SEND_TIMEOUT_MILLIS = 200L;

	private final WebSocketSession socket;

	/** The container's session under Spring's, or null when there is none (tests). */
	private final Session container;

	private final RemoteEndpoint.Async remote;

	private final long limitBytes;

	private final Runnable onClose;

	private final Executor closer;

	private final MeterRegistry meters;

	private final ArrayDeque<String> queue = new ArrayDeque<>();

	private long queuedChars;

	private boolean sending;

	private boolean dispatching;

	/** The result of a send that completed within the call that started it. */
	private SendResult inlineResult;

	private boolean closed;

	Outbox(WebSocketSession socket, long limitBytes, Duration sendTimeout, Runnable onClose, Executor closer,
			MeterRegistry meters) {
		this.socket = socket;
		this.meters = meters;
		this.limitBytes = limitBytes;
		this.onClose = onClose;
		this.closer = closer;
		this.container = (socket instanceof NativeWebSocketSession spring) ? spring.getNativeSession(Session.class)
				: null;
		this.remote = (this.container != null) ? this.container.getAsyncRemote() : null;
		if (this.remote != null) {
			this.remote.setSendTimeout(sendTimeout.toMillis());
			this.container.getUserProperties().put(BLOCKING_SEND_TIMEOUT, CONTROL_SEND_TIMEOUT_MILLIS);
		}
	}

	synchronized void send(String frame) {
		if (this.closed || this.remote == null) {
			return;
		}
		if (this.queuedChars + frame.length() > this.limitBytes) {
			fail(CloseCode.TOO_SLOW);
			return;
		}
		this.queue.add(frame);
		this.queuedChars += frame.length();
		pump();
	}

	/**
	 * Waits until at most half the limit is queued, so that a replay does not outrun the
	 * client; false when the socket closed or the wait timed out.
	 */
	synchronized boolean awaitRoom(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!this.closed && this.queuedChars > this.limitBytes / 2) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			wait(Math.max(1, left / 1_000_000));
		}
		return !this.closed;
	}

	private void pump() {
		while (!this.sending && !this.closed) {
			String next = this.queue.poll();
			if (next == null) {
				return;
			}
			this.queuedChars -= next.length();
			next = encodable(next);
			this.sending = true;
			this.inlineResult = null;
			this.dispatching = true;
			try {
				this.remote.sendText(next, this::sent);
			}
			catch (IllegalStateException | IllegalArgumentException ex) {
				if (this.socket.isOpen()) {
					fail(CloseCode.SEND_FAILED);
				}
				else {
					gone();
				}
				return;
			}
			finally {
				this.dispatching = false;
			}
			SendResult result = this.inlineResult;
			if (result != null) {
				// completed within sendText: handled here, outside the container's stack
				this.inlineResult = null;
				if (!result.isOK()) {
					failed(result);
					return;
				}
				this.sending = false;
			}
		}
	}

	/**
	 * The frame with every unpaired UTF-16 surrogate replaced by U+FFFD. The container
	 * cannot encode such text as UTF-8, and a send it refuses leaves the socket unable to
	 * send anything else, so one such frame would close the session.
	 */
	private String encodable(String frame) {
		String encodable = WellFormedText.of(frame);
		if (encodable != frame) {
			this.meters.counter("parley.gateway.frames.repaired").increment();
		}
		return encodable;
	}

	private synchronized void sent(SendResult result) {
		if (this.dispatching) {
			this.inlineResult = result;
			return;
		}
		if (!result.isOK()) {
			failed(result);
			return;
		}
		this.sending = false;
		pump();
		notifyAll();
	}

	private void failed(SendResult result) {
		// only the send time limit means a slow client; anything else (the socket closed
		// under the send, a reset) means the connection is gone
		if (result.getException() instanceof SocketTimeoutException) {
			fail(CloseCode.TOO_SLOW);
		}
		else {
			gone();
		}
	}

	/**
	 * Closes the socket on purpose (shutdown, revoked token, protocol errors, flooding),
	 * on the calling thread: what is still queued is dropped, and a send failing on the
	 * closed socket is not taken for a slow client. The client is reading, so its close
	 * frame gets the same time as the container's other control frames: Tomcat sends it
	 * after the frame in flight, whose completion runs on one of its workers and may take
	 * longer than Tomcat's 50 ms on a busy node.
	 */
	void close(CloseCode code) {
		synchronized (this) {
			shut();
		}
		if (this.container != null) {
			this.container.getUserProperties().put(CLOSE_SEND_TIMEOUT, CONTROL_SEND_TIMEOUT_MILLIS);
		}
		closeSocket(code);
	}

	/**
	 * The connection broke while frames were going out (the client left or the network
	 * failed): no slow client to report, only frames to drop. The socket is closed all
	 * the same in case the container left it open, so that no session stays connected
	 * without receiving.
	 */
	private void gone() {
		int waiting = shut();
		if (waiting < 0) {
			return;
		}
		this.meters.counter("parley.gateway.sessions.broken").increment();
		log.debug("WebSocket session {} broke while sending; {} frames were waiting", this.socket.getId(), waiting);
		forget(CloseCode.SEND_FAILED);
	}

	private void fail(CloseCode code) {
		int waiting = shut();
		if (waiting < 0) {
			return;
		}
		this.meters.counter("parley.gateway.sessions.dropped", "code", String.valueOf(code.code())).increment();
		log.warn("Closing WebSocket session {} ({}); {} frames were waiting", this.socket.getId(),
				code.status().getReason(), waiting);
		forget(code);
	}

	/**
	 * Marks the outbox closed, drops what is queued and wakes a waiting replay; returns
	 * how many frames were dropped, or -1 when it was closed already.
	 */
	private int shut() {
		if (this.closed) {
			return -1;
		}
		this.closed = true;
		int waiting = this.queue.size();
		this.queue.clear();
		this.queuedChars = 0;
		notifyAll();
		return waiting;
	}

	/**
	 * Forgets the session now (a client that stopped reading may never answer the close)
	 * and closes the socket on the closer, or here once the closer is shut down. Closing
	 * a closed socket does nothing.
	 */
	private void forget(CloseCode code) {
		this.onClose.run();
		try {
			this.closer.execute(() -> closeSocket(code));
		}
		catch (RejectedExecutionException ex) {
			closeSocket(code);
		}
	}

	private void closeSocket(CloseCode code) {
		try {
			this.socket.close(code.status());
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is already gone
		}
	}

}
