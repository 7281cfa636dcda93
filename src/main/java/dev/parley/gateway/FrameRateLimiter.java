package dev.parley.gateway;

/**
 * A token bucket of client frames for one session: {@code burst} frames at once, refilled
 * at {@code perSecond}. Not thread-safe: the container delivers one session's frames one
 * at a time.
 */
final class FrameRateLimiter {

	private final double perNano;

	private final double burst;

	private double tokens;

	private long last;

	FrameRateLimiter(int perSecond, int burst, long now) {
		this.perNano = perSecond / 1e9;
		this.burst = burst;
		this.tokens = burst;
		this.last = now;
	}

	/** Takes a token at {@code now} (nanoseconds); false when none is left. */
	boolean tryAcquire(long now) {
		this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.perNano);
		this.last = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return true;
		}
		return false;
	}

}
