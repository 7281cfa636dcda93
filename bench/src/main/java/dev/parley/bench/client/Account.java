package dev.parley.bench.client;

/**
 * A signed-in bench user.
 *
 * @param userId the server's user id
 * @param token the access token (on the relay: {@code user-<userId>})
 */
public record Account(long userId, String token) {

	@Override
	public String toString() {
		return "Account[userId=" + this.userId + ", token=[REDACTED]]";
	}

}
