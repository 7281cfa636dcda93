package dev.parley.accounts;

/**
 * Published (as an application event on every node) when a device's token is revoked; the
 * gateway closes that device's open sessions.
 *
 * @param userId the user
 * @param deviceId the revoked device
 */
public record DeviceRevoked(long userId, long deviceId) {

}
