package dev.parley.bench.relay;

import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;

import dev.parley.bench.relay.RelayState.Conversation;
import dev.parley.bench.wire.Frame;
import dev.parley.bench.wire.FrameParser;

/**
 * One relay WebSocket session, whatever the server stack under it, speaking the v1 frames
 * the bench uses ({@code auth} or an {@code Authorization} header, {@code ready},
 * {@code resume}/{@code synced}, {@code send}/{@code ack}/{@code message},
 * {@code received}/{@code read} passed on as {@code receipt}, {@code error}) or, on
 * {@code /messaging}, the seed's. A token is accepted when it reads {@code user-<id>}.
 * This object is the whole per-session state of the protocol, the same on every stack.
 * Not thread-safe: the stack calls it for one session at a time ({@link #open}, each
 * {@link #frame}, then {@link #closed}).
 */
final class RelaySession {

	private final RelayState state;

	private final FrameParser parser = new FrameParser();

	private final StringBuilder out = new StringBuilder(256);

	private RelayConnection connection;

	private long userId = -1;

	RelaySession(RelayState state) {
		this.state = state;
	}

	/**
	 * The handshake is complete: {@code token} is the one it carried (the bearer token,
	 * or the seed's {@code accessToken} parameter), or {@code null}. A bad token closes
	 * with 4401; a v1 session without one must send an {@code auth} frame first.
	 */
	void open(RelayConnection connection, String token) {
		this.connection = connection;
		if (token != null && !authenticate(token)) {
			connection.close(4401, "bad token");
		}
		else if (connection.seed() && token == null) {
			connection.close(4401, "not authenticated");
		}
		else if (connection.seed()) {
			this.state.drainMailbox(this.userId, connection);
		}
	}

	private boolean authenticate(String token) {
		if (!token.startsWith("user-")) {
			return false;
		}
		try {
			this.userId = Long.parseLong(token, 5, token.length(), 10);
		}
		catch (NumberFormatException ex) {
			return false;
		}
		this.state.online(this.userId, this.connection);
		if (!this.connection.seed()) {
			this.connection.push("{\"type\":\"ready\",\"userId\":" + this.userId
					+ ",\"deviceId\":1,\"node\":\"relay\",\"protocol\":1,\"serverTime\":\"" + RelayState.now() + "\"}");
		}
		return true;
	}

	/** One whole text frame from the client (its readable bytes, UTF-8). */
	void frame(ByteBuf content) {
		Frame frame = this.parser.parse(content);
		String kind = frame.kind();
		if (this.userId < 0) {
			if (!"auth".equals(kind) || frame.token() == null || !authenticate(frame.token())) {
				this.connection.close(4401, "not authenticated");
			}
			return;
		}
		if (this.connection.seed() || "send".equals(kind)) {
			send(frame);
		}
		else if ("received".equals(kind) || "read".equals(kind)) {
			receipt(frame, "read".equals(kind));
		}
		else if ("resume".equals(kind)) {
			this.state.drainMailbox(this.userId, this.connection);
			this.connection.push("{\"type\":\"synced\"}");
		}
		else if ("ping".equals(kind)) {
			this.connection.push("{\"type\":\"pong\",\"id\":\"" + frame.id() + "\"}");
		}
	}

	private void send(Frame frame) {
		Conversation conversation = (frame.conversationId() > 0) ? this.state.conversation(frame.conversationId())
				: (frame.to() > 0) ? this.state.direct(this.userId, frame.to()) : null;
		if (conversation == null || frame.body() == null) {
			error(frame.id(), conversation == null ? "not_found" : "validation_failed");
			return;
		}
		long seq = conversation.lastSeq().incrementAndGet();
		String time = RelayState.now();
		if (!this.connection.seed()) {
			this.out.setLength(0);
			this.out.append("{\"type\":\"ack\",\"id\":\"")
				.append(frame.id())
				.append("\",\"conversationId\":")
				.append(conversation.id())
				.append(",\"seq\":")
				.append(seq)
				.append(",\"time\":\"")
				.append(time)
				.append("\"}");
			this.connection.push(this.out.toString());
		}
		this.out.setLength(0);
		this.out.append("{\"type\":\"message\",\"conversationId\":")
			.append(conversation.id())
			.append(",\"seq\":")
			.append(seq)
			.append(",\"id\":\"")
			.append(frame.id())
			.append("\",\"senderId\":")
			.append(this.userId)
			.append(",\"body\":\"")
			.append(frame.body())
			.append("\",\"time\":\"")
			.append(time)
			.append("\"}");
		String v1 = this.out.toString();
		String seed = "{\"msg\":\"" + frame.body() + "\",\"senderId\":" + this.userId + ",\"topic\":\"SEND_MESSAGE\"}";
		for (long member : conversation.members()) {
			if (member != this.userId) {
				this.state.deliver(member, v1, seed);
			}
		}
	}

	/**
	 * A receipt moves the member's position (at most to the conversation's last seq, as
	 * on Parley); when it moved, the other members' online sessions get a
	 * {@code receipt}.
	 */
	private void receipt(Frame frame, boolean read) {
		Conversation conversation = this.state.conversation(frame.conversationId());
		if (conversation == null) {
			error(frame.id(), "not_found");
			return;
		}
		int member = conversation.indexOf(this.userId);
		if (member < 0) {
			error(frame.id(), "forbidden");
			return;
		}
		if (frame.seq() < 1) {
			error(frame.id(), "validation_failed");
			return;
		}
		long seq = Math.min(frame.seq(), conversation.lastSeq().get());
		if (seq < 1 || !conversation.advance(member, read, seq)) {
			return;
		}
		this.out.setLength(0);
		this.out.append("{\"type\":\"receipt\",\"conversationId\":")
			.append(conversation.id())
			.append(",\"userId\":")
			.append(this.userId)
			.append(",\"kind\":\"")
			.append(read ? "read" : "delivered")
			.append("\",\"seq\":")
			.append(seq)
			.append('}');
		String event = this.out.toString();
		for (long other : conversation.members()) {
			if (other != this.userId) {
				this.state.pushLive(other, event);
			}
		}
	}

	private void error(String id, String code) {
		this.connection.push("{\"type\":\"error\",\"code\":\"" + code + "\",\"message\":\"relay\""
				+ (id == null ? "" : ",\"id\":\"" + id + "\"") + "}");
	}

	/** The connection closed. */
	void closed() {
		if (this.userId >= 0) {
			this.state.offline(this.userId, this.connection);
		}
	}

	/**
	 * The token a handshake carried, the same on every stack: on the seed's path
	 * ({@code seed}) its {@code accessToken} query parameter, else the token of its
	 * {@code Authorization: Bearer} header; {@code null} when there is none.
	 */
	static String token(boolean seed, Map<String, List<String>> query, String authorization) {
		if (seed) {
			List<String> values = query.get("accessToken");
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}
		return (authorization != null && authorization.startsWith("Bearer ")) ? authorization.substring(7) : null;
	}

}
