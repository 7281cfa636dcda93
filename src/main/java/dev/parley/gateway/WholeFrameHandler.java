package dev.parley.gateway;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.parley.gateway.internal.InlineNioProtocol;
import dev.parley.infra.NonBlockingThreads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.websocket.Session;
import org.apache.tomcat.websocket.WsSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A text handler that takes client messages in parts and hands each whole one on. The
 * container's per-connection message buffer stays small (see
 * {@link GatewayProperties#socketBufferSize()}), which keeps an idle connection cheap;
 * the rare message larger than that buffer is assembled here, up to
 * {@link GatewayProperties#maxFrameSize()} characters, beyond which the socket is closed
 * with 1009. Binary messages close the socket with 1003.
 *
 * <p>
 * The container delivers one session's messages one at a time, so a session's partial
 * message needs no lock. With inline reads ({@link GatewayProperties#inlineReads()}) it
 * delivers them on Tomcat's poller, a thread that must not wait
 * ({@link NonBlockingThreads}). A handler reads the database only through caches and
 * before it changes anything; a frame that misses a cache there fails before it waits and
 * is run again where it may ({@link #retryOffPoller}). Sockets are closed on the
 * gateway's close threads, never where the message was read.
 */
public abstract class WholeFrameHandler extends TextWebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(WholeFrameHandler.class);

	private final long maxChars;

	private final Executor frames;

	private final Counter offloaded;

	protected WholeFrameHandler(GatewayProperties properties, Gateway gateway, MeterRegistry meters) {
		this.maxChars = properties.maxFrameSize().toBytes();
		this.frames = gateway.frameExecutor();
		this.offloaded = Counter.builder("parley.gateway.frames.offloaded")
			.description("Client frames read on the poller and handled on a parley-frames thread")
			.register(meters);
	}

	@Override
	public final boolean supportsPartialMessages() {
		return true;
	}

	@Override
	protected final void handleTextMessage(WebSocketSession socket, TextMessage message) {
		ClientSession session = Gateway.sessionOf(socket);
		StringBuilder partial = (session != null) ? session.partial : null;
		if (partial == null && message.isLast() && message.getPayloadLength() <= this.maxChars) {
			handleFrame(socket, message.getPayload());
			return;
		}
		if (session == null) {
			close(socket, CloseStatus.SERVER_ERROR);
			return;
		}
		if (partial == null) {
			partial = new StringBuilder(message.getPayloadLength() * 2);
			session.partial = partial;
		}
		if (partial.length() + message.getPayloadLength() > this.maxChars) {
			session.partial = null;
			close(socket, CloseStatus.TOO_BIG_TO_PROCESS);
			return;
		}
		partial.append(message.getPayload());
		if (message.isLast()) {
			session.partial = null;
			handleFrame(socket, partial.toString());
		}
	}

	@Override
	protected final void handleBinaryMessage(WebSocketSession socket, BinaryMessage message) {
		close(socket, CloseStatus.NOT_ACCEPTABLE.withReason("Binary messages not supported"));
	}

	/**
	 * Handles one whole text message from the client, on the poller with inline reads
	 * (where {@link NonBlockingThreads#active()} is then true).
	 */
	protected abstract void handleFrame(WebSocketSession socket, String frame);

	/**
	 * Runs work that may wait on a {@code parley-frames-N} thread. The socket's reading
	 * is suspended until the work is done, so the session's later frames are handled
	 * after it, as they would have been on one thread. The work starts once the poller's
	 * read is over ({@link InlineNioProtocol#afterRead}).
	 */
	protected final void offload(WebSocketSession socket, Runnable work) {
		WsSession reading = reading(socket);
		if (reading != null) {
			reading.suspend();
		}
		this.offloaded.increment();
		InlineNioProtocol.afterRead(() -> submit(socket, reading, work));
	}

	private void submit(WebSocketSession socket, WsSession reading, Runnable work) {
		try {
			this.frames.execute(() -> {
				try {
					work.run();
				}
				catch (RuntimeException ex) {
					// as Spring does with a handler's failure on the container's thread:
					// log, 1011
					log.error("Unexpected failure handling a frame", ex);
					close(socket, CloseStatus.SERVER_ERROR);
				}
				finally {
					if (reading != null) {
						reading.resume();
					}
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// shutting down: the socket goes with the server
			if (reading != null) {
				reading.resume();
			}
			close(socket, CloseStatus.GOING_AWAY);
		}
	}

	/**
	 * Runs work here (on the poller with inline reads) and, when it fails because it
	 * would have waited, again where it may ({@link #retryOffPoller}); rethrows any other
	 * failure.
	 */
	protected final void runOrRetryOffPoller(WebSocketSession socket, Runnable work) {
		try {
			work.run();
		}
		catch (RuntimeException ex) {
			if (!retryOffPoller(socket, ex, work)) {
				throw ex;
			}
		}
	}

	/**
	 * When a frame read on the poller failed because it would have waited (a
	 * {@link NonBlockingThreads.WouldBlockException}, thrown before it changed anything),
	 * runs it again with {@link #offload}; returns whether it did.
	 */
	protected final boolean retryOffPoller(WebSocketSession socket, RuntimeException failure, Runnable again) {
		if (!NonBlockingThreads.wouldBlock(failure)) {
			return false;
		}
		offload(socket, again);
		return true;
	}

	private static WsSession reading(WebSocketSession socket) {
		Session container = Gateway.container(socket);
		return (container instanceof WsSession tomcat) ? tomcat : null;
	}

	/**
	 * Closes on the gateway's close threads: the close handshake may wait for the socket.
	 */
	static void close(WebSocketSession socket, CloseStatus status) {
		ClientSession session = Gateway.sessionOf(socket);
		if (session != null) {
			session.close(status);
			return;
		}
		try {
			socket.close(status);
		}
		catch (IOException | IllegalStateException ex) {
			// already closing
		}
	}

}
