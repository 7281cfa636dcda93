package dev.parley.accounts;

import java.time.OffsetDateTime;

/**
 * One signed-in device (a login with its own token), as its owner sees it.
 *
 * @param deviceId the device
 * @param name the name given at login
 * @param createdAt when it logged in
 * @param lastSeenAt when its token was last checked (to within a few minutes)
 * @param current whether this is the device asking
 */
public record DeviceView(long deviceId, String name, OffsetDateTime createdAt, OffsetDateTime lastSeenAt,
		boolean current) {

}
