package dev.parley;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/** Signs up fresh users through the REST API, as a client would. */
public final class TestUsers {

	/**
	 * A signed-up user and one of their devices.
	 *
	 * @param userId the user
	 * @param phone the phone number
	 * @param token the device's access token
	 * @param deviceId the device
	 */
	public record TestUser(long userId, String phone, String token, long deviceId) {
	}

	private TestUsers() {
	}

	/** A new user with a random phone number. */
	public static TestUser signUp(int port) {
		return signUp(port, randomPhone());
	}

	/** Logs in with this phone number (a new user on first use, else a new device). */
	@SuppressWarnings("unchecked")
	public static TestUser signUp(int port, String phone) {
		RestClient rest = RestClient.create("http://localhost:" + port);
		Map<String, Object> code = rest.post()
			.uri("/api/v1/auth/code")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("phone", phone))
			.retrieve()
			.body(Map.class);
		Map<String, Object> login = rest.post()
			.uri("/api/v1/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("phone", phone, "code", code.get("code")))
			.retrieve()
			.body(Map.class);
		return new TestUser(((Number) login.get("userId")).longValue(), phone, (String) login.get("accessToken"),
				((Number) login.get("deviceId")).longValue());
	}

	public static String randomPhone() {
		return "+49" + (1_000_000_000L + ThreadLocalRandom.current().nextLong(8_999_999_999L));
	}

}
