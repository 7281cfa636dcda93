package dev.parley.conversations;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A conversation with its members, as the REST API returns it.
 *
 * @param conversationId the id
 * @param kind direct, group or room
 * @param title the group's or room's title; for a direct conversation the peer's display
 * name, else their number when the viewer may see it, else {@code null}
 * @param peerUserId for a direct conversation, the other member
 * @param createdAt when it was created
 * @param members the members with their display names
 */
public record ConversationDetail(long conversationId, ConversationKind kind, String title, Long peerUserId,
		OffsetDateTime createdAt, List<MemberDetail> members) {

	/**
	 * A member as the viewer sees them.
	 *
	 * @param userId the member
	 * @param displayName the member's display name, {@code null} when they chose none
	 * @param phone the member's number, only when the viewer may see it
	 * ({@link dev.parley.contacts.Profiles})
	 * @param admin whether the member is an admin
	 */
	public record MemberDetail(long userId, String displayName, String phone, boolean admin) {

	}

}
