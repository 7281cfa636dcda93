package dev.parley.messaging;

import java.time.Instant;

/**
 * The WebSocket v1 frames that tell clients of conversation events; they are also the
 * values of the events topic. {@code docs/PROTOCOL.md} describes each field.
 */
public final class EventFrames {

	private EventFrames() {
	}

	/**
	 * {@code message}: a new message. From history, {@code editedAt} and {@code deleted}
	 * give its current state (a deleted message has no body).
	 */
	public record MessageFrame(String type, long conversationId, long seq, String id, long senderId, String body,
			Instant time, Instant editedAt, Boolean deleted) {

		public MessageFrame(long conversationId, long seq, String id, long senderId, String body, Instant time) {
			this("message", conversationId, seq, id, senderId, body, time, null, null);
		}

	}

	/** {@code edited}: message {@code target} has a new body. */
	public record EditedFrame(String type, long conversationId, long seq, long target, long senderId, String body,
			Instant time) {

		public EditedFrame(long conversationId, long seq, long target, long senderId, String body, Instant time) {
			this("edited", conversationId, seq, target, senderId, body, time);
		}

	}

	/** {@code deleted}: message {@code target} was deleted. */
	public record DeletedFrame(String type, long conversationId, long seq, long target, long senderId, Instant time) {

		public DeletedFrame(long conversationId, long seq, long target, long senderId, Instant time) {
			this("deleted", conversationId, seq, target, senderId, time);
		}

	}

	/** {@code member}: a membership change. */
	public record MemberFrame(String type, long conversationId, long seq, long userId, String change, long by,
			Instant time) {

		public MemberFrame(long conversationId, long seq, long userId, String change, long by, Instant time) {
			this("member", conversationId, seq, userId, change, by, time);
		}

	}

	/** {@code receipt}: a member's delivered or read position moved forward. */
	public record ReceiptFrame(String type, long conversationId, long userId, String kind, long seq) {

		public ReceiptFrame(long conversationId, long userId, String kind, long seq) {
			this("receipt", conversationId, userId, kind, seq);
		}

	}

	/** {@code error}: a command was refused. */
	public record ErrorFrame(String type, String code, String message, String id) {

		public ErrorFrame(String code, String message, String id) {
			this("error", code, message, id);
		}

	}

}
