package dev.parley.accounts;

import java.time.OffsetDateTime;

/**
 * A registered user as other modules and clients see them.
 *
 * @param userId numeric user id
 * @param phone normalised phone number
 * @param displayName display name (the phone number until the user sets one)
 * @param createdAt when the user first logged in
 */
public record UserView(long userId, String phone, String displayName, OffsetDateTime createdAt) {

}
