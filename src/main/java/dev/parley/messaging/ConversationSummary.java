package dev.parley.messaging;

import java.time.Instant;

/**
 * A conversation in a user's list.
 *
 * @param conversationId the id
 * @param kind direct, group or room
 * @param title group or room title; for a direct conversation the peer's display name,
 * else their number when the user may see it ({@code contacts.Profiles}), else absent
 * @param peerUserId for a direct conversation, the other member
 * @param lastSeq the conversation's last sequence number
 * @param lastMessage the newest message, if any
 * @param unread messages from others after my read position
 * @param readSeq my read position
 * @param deliveredSeq my delivered position
 * @param updatedAt time of the last event (or of creation)
 */
public record ConversationSummary(long conversationId, String kind, String title, Long peerUserId, long lastSeq,
		LastMessage lastMessage, long unread, long readSeq, long deliveredSeq, Instant updatedAt) {

	/**
	 * The newest message of a conversation.
	 *
	 * @param seq its sequence number
	 * @param senderId its sender
	 * @param body its text ({@code null} when deleted)
	 * @param time when it was sent
	 * @param deleted whether it was deleted
	 */
	public record LastMessage(long seq, long senderId, String body, Instant time, boolean deleted) {

	}

}
