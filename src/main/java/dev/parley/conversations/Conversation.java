package dev.parley.conversations;

import java.time.OffsetDateTime;

/**
 * A conversation's identity and kind.
 *
 * @param conversationId the id
 * @param kind direct, group or room
 * @param title title of a group or room; {@code null} for direct conversations
 * @param createdBy the user who created it
 * @param createdAt when it was created
 */
public record Conversation(long conversationId, ConversationKind kind, String title, long createdBy,
		OffsetDateTime createdAt) {

}
