package dev.parley.gateway;

import java.time.Duration;
import java.time.Instant;

import dev.parley.common.ParleyException;

/**
 * Frames the gateway itself sends (the conversation events' frames come from the
 * messaging module). {@code docs/PROTOCOL.md} describes every field.
 */
public final class ServerFrames {

	private ServerFrames() {
	}

	/**
	 * {@code ready}: the socket is authenticated; {@code maxBodyLength} is the most
	 * characters a message body may have.
	 */
	public record Ready(String type, long userId, long deviceId, String node, int protocol, Instant serverTime,
			int maxBodyLength) {

		public Ready(long userId, long deviceId, String node, Instant serverTime, int maxBodyLength) {
			this("ready", userId, deviceId, node, 1, serverTime, maxBodyLength);
		}

	}

	/** {@code ack}: the command with this id is stored with this sequence number. */
	public record Ack(String type, String id, long conversationId, long seq, Instant time) {

		public Ack(String id, long conversationId, long seq, Instant time) {
			this("ack", id, conversationId, seq, time);
		}

	}

	/** {@code typing}: a member is typing. */
	public record Typing(String type, long conversationId, long userId) {

		public Typing(long conversationId, long userId) {
			this("typing", conversationId, userId);
		}

	}

	/** {@code presence}: a user came online or went offline. */
	public record Presence(String type, long userId, boolean online, Instant lastSeen) {

		public Presence(long userId, boolean online, Instant lastSeen) {
			this("presence", userId, online, lastSeen);
		}

	}

	/** {@code synced}: the replay asked for by {@code resume} is complete. */
	public record Synced(String type) {

		public Synced() {
			this("synced");
		}

	}

	/**
	 * {@code error}: a frame was refused; {@code retryAfterMs} (for {@code rate_limited}
	 * and {@code unavailable}, when known) says when it may be sent again.
	 */
	public record Error(String type, String code, String message, String id, Long retryAfterMs) {

		public Error(String code, String message, String id) {
			this("error", code, message, id, null);
		}

		public Error(ParleyException refusal, String id) {
			this("error", refusal.errorCode().code(), refusal.getMessage(), id,
					refusal.retryAfter().map(Duration::toMillis).orElse(null));
		}

	}

	/** {@code pong}: the answer to {@code ping}. */
	public record Pong(String type, String id) {

		public Pong(String id) {
			this("pong", id);
		}

	}

}
