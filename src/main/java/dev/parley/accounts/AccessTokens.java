package dev.parley.accounts;

import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import org.springframework.stereotype.Component;

/**
 * Checks access tokens. A token is 256 random bits, shown to the client once at login and
 * stored only as its SHA-256 hash. Valid tokens are cached by hash for a few minutes, so
 * checking a token does not touch the database per request; {@link Devices} drops a
 * revoked token from the cache of every node. A device's {@code last_seen_at} is
 * refreshed when its token enters the cache. Thread-safe.
 */
@Component
public class AccessTokens {

	private final DeviceStore devices;

	private final Cache<String, Principal> cache;

	private final Cache<Long, Boolean> revoked;

	AccessTokens(DeviceStore devices, AccountsProperties properties, MeterRegistry meters) {
		this.devices = devices;
		this.cache = Caffeine.newBuilder()
			.maximumSize(properties.tokenCacheSize())
			.expireAfterWrite(properties.tokenCacheTtl())
			.recordStats()
			.build();
		this.revoked = Caffeine.newBuilder().expireAfterWrite(properties.tokenCacheTtl()).build();
		CaffeineCacheMetrics.monitor(meters, this.cache, "parley.tokens");
	}

	/** The principal behind a token, or empty when it is unknown or revoked. */
	public Optional<Principal> find(String token) {
		if (token == null || token.isBlank() || token.length() > 128) {
			return Optional.empty();
		}
		String hash = TokenHasher.hash(token);
		Principal cached = this.cache.getIfPresent(hash);
		if (cached != null) {
			return Optional.of(cached);
		}
		Optional<Principal> found = this.devices.findActive(hash);
		if (found.isEmpty()) {
			return found;
		}
		Principal principal = found.get();
		this.cache.put(hash, principal);
		if (this.revoked.getIfPresent(principal.deviceId()) != null) {
			// revoked while we were reading it: forget() may have run before the put
			this.cache.invalidate(hash);
			return Optional.empty();
		}
		this.devices.touch(principal.deviceId());
		return found;
	}

	/**
	 * The principal behind a token.
	 * @throws ParleyException {@code unauthenticated} when it is unknown or revoked
	 */
	public Principal authenticate(String token) {
		return find(token).orElseThrow(() -> new ParleyException(ErrorCode.UNAUTHENTICATED,
				"The access token is missing, unknown or revoked."));
	}

	/** Forgets a device's cached token on this node. */
	void forget(long deviceId) {
		this.revoked.put(deviceId, Boolean.TRUE);
		this.cache.asMap().values().removeIf((principal) -> principal.deviceId() == deviceId);
	}

}
