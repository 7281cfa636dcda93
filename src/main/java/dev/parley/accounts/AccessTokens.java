package dev.parley.accounts;

import java.util.Optional;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;

import org.springframework.stereotype.Component;

/**
 * Checks access tokens. A token is 256 random bits, shown to the client once at login and
 * stored only as its SHA-256 hash. Thread-safe.
 */
@Component
public class AccessTokens {

	private final DeviceStore devices;

	AccessTokens(DeviceStore devices) {
		this.devices = devices;
	}

	/** The principal behind a token, or empty when it is unknown or revoked. */
	public Optional<Principal> find(String token) {
		if (token == null || token.isBlank() || token.length() > 128) {
			return Optional.empty();
		}
		return this.devices.findActive(token);
	}

	/**
	 * The principal behind a token.
	 * @throws ParleyException {@code unauthenticated} when it is unknown or revoked
	 */
	public Principal authenticate(String token) {
		return find(token).orElseThrow(() -> new ParleyException(ErrorCode.UNAUTHENTICATED,
				"The access token is missing, unknown or revoked."));
	}

}
