package dev.parley.messaging;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.accounts.Principal;
import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;

import org.springframework.stereotype.Component;

/**
 * Limits sends, edits and deletions per device on every entry point (WebSocket, REST, the
 * seed's API): a token bucket of {@code send-burst} commands refilled at
 * {@code sends-per-second}. Buckets of idle devices are forgotten after a minute.
 * Thread-safe.
 */
@Component
class SendLimiter {

	private static final class Bucket {

		private double tokens;

		private long last;

		Bucket(double tokens, long now) {
			this.tokens = tokens;
			this.last = now;
		}

	}

	private final Cache<Principal, Bucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(1))
		.build();

	private final double perNano;

	private final double burst;

	SendLimiter(MessagingProperties properties) {
		this.perNano = properties.sendsPerSecond() / 1e9;
		this.burst = properties.sendBurst();
	}

	/**
	 * Takes one send from the device's bucket.
	 * @throws ParleyException {@code rate_limited} when the bucket is empty
	 */
	void acquire(Principal device) {
		long now = System.nanoTime();
		Bucket bucket = this.buckets.get(device, (key) -> new Bucket(this.burst, now));
		synchronized (bucket) {
			bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.last) * this.perNano);
			bucket.last = now;
			if (bucket.tokens < 1) {
				long waitNanos = (long) ((1 - bucket.tokens) / this.perNano);
				throw new ParleyException(ErrorCode.RATE_LIMITED, "Too many messages; slow down.",
						Duration.ofNanos(waitNanos));
			}
			bucket.tokens -= 1;
		}
	}

}
