package dev.parley.gateway;

/**
 * Limits one session's client frames: a token bucket of {@code burst} frames at once,
 * refilled at {@code perSecond}. A frame beyond it is refused; the first refused frame of
 * each second is answered (with {@code rate_limited}), the others are dropped unanswered
 * unless they are commands (the handler answers every send, edit and delete), so a flood
 * gets no flood of errors back. A session whose frames keep being refused for
 * {@code floodLimitNanos} (no second without a refusal in between) is to be closed
 * (4429). Not thread-safe: the container delivers one session's frames one at a time.
 */
final class FrameRateLimiter {

	/** What to do with a frame. */
	enum Verdict {

		/** Handle it. */
		ACCEPT,
		/** Refuse it with an {@code error} frame. */
		REFUSE,
		/** Drop it without an answer (an error went out less than a second ago). */
		DROP,
		/** Close the session: it has been over the rate for too long. */
		CLOSE

	}

	private static final long SECOND = 1_000_000_000L;

	private final double perNano;

	private final double burst;

	private final long floodLimitNanos;

	private double tokens;

	private long last;

	private boolean refusing;

	private long refusingSince;

	private long lastRefused;

	private long lastAnswered;

	FrameRateLimiter(int perSecond, int burst, long floodLimitNanos, long now) {
		this.perNano = perSecond / 1e9;
		this.burst = burst;
		this.floodLimitNanos = floodLimitNanos;
		this.tokens = burst;
		this.last = now;
	}

	/** Takes a token at {@code now} (nanoseconds), or says how to refuse the frame. */
	Verdict take(long now) {
		this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.perNano);
		this.last = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return Verdict.ACCEPT;
		}
		if (!this.refusing || now - this.lastRefused >= SECOND) {
			this.refusing = true;
			this.refusingSince = now;
			this.lastAnswered = now - SECOND;
		}
		this.lastRefused = now;
		if (now - this.refusingSince >= this.floodLimitNanos) {
			return Verdict.CLOSE;
		}
		if (now - this.lastAnswered >= SECOND) {
			this.lastAnswered = now;
			return Verdict.REFUSE;
		}
		return Verdict.DROP;
	}

}
