package dev.parley.accounts;

/**
 * The user and device behind a valid access token.
 *
 * @param userId the user
 * @param deviceId the device session the token belongs to (one token per device)
 */
public record Principal(long userId, long deviceId) {

}
