package dev.parley.accounts;

/**
 * A successful login: a new device with its own token.
 *
 * @param accessToken the opaque token, shown only this once
 * @param userId the user (created on first login)
 * @param deviceId the new device
 */
public record LoggedIn(String accessToken, long userId, long deviceId) {

}
