package dev.parley.messaging;

import java.time.Instant;
import java.time.OffsetDateTime;

import dev.parley.messaging.EventFrames.DeletedFrame;
import dev.parley.messaging.EventFrames.EditedFrame;
import dev.parley.messaging.EventFrames.ErrorFrame;
import dev.parley.messaging.EventFrames.MemberFrame;
import dev.parley.messaging.EventFrames.MessageFrame;
import dev.parley.messaging.EventFrames.ReceiptFrame;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Turns stored events, receipts and rejections into {@link SequencedEvent}s with their
 * frame. This is the one place events are rendered for clients, so text that cannot be
 * encoded as UTF-8 (an unpaired surrogate that got past the edges) is made encodable here
 * ({@link WellFormedText}): the frame and the body carry U+FFFD in its place, and the
 * event still goes out with its sequence number.
 */
@Component
class EventRenderer {

	private final JsonMapper json;

	EventRenderer(JsonMapper json) {
		this.json = json;
	}

	/** A live event: message frames carry the body as sent. */
	SequencedEvent live(EventRow row) {
		return render(row, false);
	}

	/** An event read back for history or resume: messages show their current state. */
	SequencedEvent stored(EventRow row) {
		return render(row, true);
	}

	private SequencedEvent render(EventRow row, boolean currentState) {
		Instant time = row.createdAt().toInstant();
		Object frame = switch (row.kind()) {
			case MESSAGE -> currentState
					? new MessageFrame("message", row.conversationId(), row.seq(), row.clientId(), row.senderId(),
							row.body(), time, instant(row.editedAt()), row.deleted() ? Boolean.TRUE : null)
					: new MessageFrame(row.conversationId(), row.seq(), row.clientId(), row.senderId(), row.body(),
							time);
			case EDITED ->
				new EditedFrame(row.conversationId(), row.seq(), row.targetSeq(), row.senderId(), row.body(), time);
			case DELETED -> new DeletedFrame(row.conversationId(), row.seq(), row.targetSeq(), row.senderId(), time);
			case MEMBER ->
				new MemberFrame(row.conversationId(), row.seq(), row.subjectId(), row.change(), row.senderId(), time);
			default -> throw new IllegalArgumentException("Not a stored kind: " + row.kind());
		};
		return new SequencedEvent(row.conversationId(), row.seq(), row.kind(), row.senderId(), row.deviceId(),
				row.clientId(), (row.subjectId() != null) ? row.subjectId() : 0, WellFormedText.of(row.body()),
				time.toEpochMilli(), frame(frame));
	}

	SequencedEvent receipt(long conversationId, long userId, long deviceId, String kind, long seq, long timeMillis) {
		String frame = frame(new ReceiptFrame(conversationId, userId, kind, seq));
		return new SequencedEvent(conversationId, seq, EventKind.RECEIPT, userId, deviceId, null, 0, null, timeMillis,
				frame);
	}

	SequencedEvent rejected(InboundCommand command, long senderId, long deviceId, String clientId, String code,
			String message, long timeMillis) {
		String frame = frame(new ErrorFrame(code, message, clientId));
		return new SequencedEvent(command.conversationId(), 0, EventKind.REJECTED, senderId, deviceId, clientId, 0,
				code, timeMillis, frame);
	}

	/**
	 * The frame's JSON. Jackson writes characters as they are, so an unpaired surrogate
	 * can only stand inside a JSON string, where U+FFFD keeps the JSON valid.
	 */
	private String frame(Object frame) {
		return WellFormedText.of(this.json.writeValueAsString(frame));
	}

	private static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

}
