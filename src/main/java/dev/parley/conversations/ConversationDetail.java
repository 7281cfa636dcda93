package dev.parley.conversations;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A conversation with its members, as the REST API returns it.
 *
 * @param conversationId the id
 * @param kind direct, group or room
 * @param title the group's or room's title; for a direct conversation the peer's name
 * @param peerUserId for a direct conversation, the other member
 * @param createdAt when it was created
 * @param members the members with their display names
 */
public record ConversationDetail(long conversationId, ConversationKind kind, String title, Long peerUserId,
		OffsetDateTime createdAt, List<MemberDetail> members) {

	/**
	 * A member with a display name.
	 *
	 * @param userId the member
	 * @param displayName the member's display name
	 * @param admin whether the member is an admin
	 */
	public record MemberDetail(long userId, String displayName, boolean admin) {

	}

}
