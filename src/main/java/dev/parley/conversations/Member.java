package dev.parley.conversations;

import java.time.OffsetDateTime;

/**
 * A member of a conversation.
 *
 * @param userId the member
 * @param admin whether the member administers the group or room
 * @param joinedAt when the member joined
 */
public record Member(long userId, boolean admin, OffsetDateTime joinedAt) {

}
