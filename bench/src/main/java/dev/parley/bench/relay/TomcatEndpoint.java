package dev.parley.bench.relay;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/**
 * One Tomcat relay session: takes text messages in parts, as Parley's gateway does (the
 * container's message buffer is small; a message larger than it is assembled here), and
 * hands each whole one to the session's {@link RelaySession}. Tomcat delivers one
 * session's messages one at a time, on its worker threads.
 */
final class TomcatEndpoint extends Endpoint implements MessageHandler.Partial<String> {

	static final String AUTHORIZATION = "relay.authorization";

	private static final int MAX_FRAME = 65536;

	private final RelaySession relay;

	private final boolean seed;

	private TomcatConnection connection;

	private StringBuilder partial;

	TomcatEndpoint(RelayState state, boolean seed) {
		this.relay = new RelaySession(state);
		this.seed = seed;
	}

	@Override
	public void onOpen(Session session, EndpointConfig config) {
		this.connection = new TomcatConnection(session, this.seed);
		session.addMessageHandler(String.class, this);
		String token = RelaySession.token(this.seed, session.getRequestParameterMap(),
				(String) config.getUserProperties().get(AUTHORIZATION));
		this.relay.open(this.connection, token);
	}

	@Override
	public void onMessage(String part, boolean last) {
		if (this.partial == null && last) {
			frame(part);
			return;
		}
		if (this.partial == null) {
			this.partial = new StringBuilder(part.length() * 2);
		}
		if (this.partial.length() + part.length() > MAX_FRAME) {
			this.partial = null;
			this.connection.close(CloseReason.CloseCodes.TOO_BIG.getCode(), "frame too big");
			return;
		}
		this.partial.append(part);
		if (last) {
			String whole = this.partial.toString();
			this.partial = null;
			frame(whole);
		}
	}

	private void frame(String text) {
		try {
			this.relay.frame(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (RuntimeException ex) {
			this.connection.close(CloseReason.CloseCodes.CANNOT_ACCEPT.getCode(), "bad frame");
		}
	}

	@Override
	public void onClose(Session session, CloseReason closeReason) {
		this.relay.closed();
	}

	@Override
	public void onError(Session session, Throwable failure) {
		this.connection.close(CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode(), "error");
	}

}
