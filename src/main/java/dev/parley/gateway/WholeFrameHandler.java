package dev.parley.gateway;

import java.io.IOException;

import org.springframework.web.socket.BinaryMessage;
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
 * Threads: the container delivers one session's messages one at a time, on its request
 * workers, so a session's partial message needs no lock and its frames are handled in the
 * order they came. A handler may wait there (on the database, say); the session's next
 * frame is read once it returns. A socket closed from a handler is closed on the
 * container's thread (see {@link Outbox#close}).
 */
public abstract class WholeFrameHandler extends TextWebSocketHandler {

	private final long maxChars;

	protected WholeFrameHandler(GatewayProperties properties) {
		this.maxChars = properties.maxFrameSize().toBytes();
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
			close(socket, CloseCode.SERVER_ERROR);
			return;
		}
		if (partial == null) {
			partial = new StringBuilder(message.getPayloadLength() * 2);
			session.partial = partial;
		}
		if (partial.length() + message.getPayloadLength() > this.maxChars) {
			session.partial = null;
			close(socket, CloseCode.TOO_BIG);
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
		close(socket, CloseCode.BINARY);
	}

	/** Handles one whole text message from the client, on the container's thread. */
	protected abstract void handleFrame(WebSocketSession socket, String frame);

	/** Closes the socket through its session's {@link Outbox}, if it has one. */
	static void close(WebSocketSession socket, CloseCode code) {
		ClientSession session = Gateway.sessionOf(socket);
		if (session != null) {
			session.close(code);
			return;
		}
		try {
			socket.close(code.status());
		}
		catch (IOException | IllegalStateException ex) {
			// already closing
		}
	}

}
