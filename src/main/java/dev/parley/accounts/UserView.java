package dev.parley.accounts;

import java.time.OffsetDateTime;

/**
 * A registered user as other modules and clients see them.
 *
 * @param userId numeric user id
 * @param phone normalised phone number: show it to another user only through
 * {@code contacts.Profiles}, which knows who is entitled to it
 * @param displayName the display name the user chose, {@code null} until they choose one
 * (never defaulted to the phone number, which strangers must not see)
 * @param createdAt when the user first logged in
 */
public record UserView(long userId, String phone, String displayName, OffsetDateTime createdAt) {

}
