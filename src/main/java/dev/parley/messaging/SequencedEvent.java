package dev.parley.messaging;

/**
 * One event of the events topic (or read back from the database), with the routing facts
 * a gateway needs and the client frame ready to send.
 *
 * @param conversationId the conversation
 * @param seq the event's sequence number, or 0 for receipts and rejections
 * @param kind what happened
 * @param senderId who caused it (the sender, editor, receipt owner or membership actor)
 * @param deviceId the device that caused it, or 0 when not from a device
 * @param clientId the client's id of the command, or {@code null}
 * @param subjectId for membership events the member concerned, else 0
 * @param body the message text for {@link EventKind#MESSAGE} and
 * {@link EventKind#EDITED}; the error code for {@link EventKind#REJECTED}
 * @param timeMillis server time of the event in epoch milliseconds
 * @param frame the WebSocket v1 frame (JSON) that tells clients of the event
 */
public record SequencedEvent(long conversationId, long seq, EventKind kind, long senderId, long deviceId,
		String clientId, long subjectId, String body, long timeMillis, String frame) {

}
