package dev.parley.gateway;

import java.util.ArrayList;
import java.util.List;

import dev.parley.gateway.FrameRateLimiter.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrameRateLimiterTest {

	private static final long MS = 1_000_000L;

	private static final long SECOND = 1_000 * MS;

	@Test
	void acceptsABurstThenTheRate() {
		FrameRateLimiter limiter = new FrameRateLimiter(10, 5, 5 * SECOND, 0);
		List<Verdict> verdicts = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			verdicts.add(limiter.take(0));
		}
		verdicts.add(limiter.take(100 * MS));
		assertThat(verdicts).containsExactly(Verdict.ACCEPT, Verdict.ACCEPT, Verdict.ACCEPT, Verdict.ACCEPT,
				Verdict.ACCEPT, Verdict.REFUSE, Verdict.ACCEPT);
	}

	@Test
	void answersOneRefusedFramePerSecond() {
		FrameRateLimiter limiter = new FrameRateLimiter(1, 1, 60 * SECOND, 0);
		limiter.take(0);
		int answered = 0;
		int dropped = 0;
		// 1,000 frames a second for three seconds
		for (long now = MS; now < 3 * SECOND; now += MS) {
			Verdict verdict = limiter.take(now);
			if (verdict == Verdict.REFUSE) {
				answered++;
			}
			else if (verdict == Verdict.DROP) {
				dropped++;
			}
		}
		assertThat(answered).isEqualTo(3);
		assertThat(dropped).isGreaterThan(2_900);
	}

	@Test
	void closesASessionThatStaysOverTheRateForTheFloodLimit() {
		FrameRateLimiter limiter = new FrameRateLimiter(100, 100, 5 * SECOND, 0);
		Verdict verdict = Verdict.ACCEPT;
		long now = 0;
		while (verdict != Verdict.CLOSE && now < 60 * SECOND) {
			now += MS;
			verdict = limiter.take(now);
		}
		assertThat(verdict).isEqualTo(Verdict.CLOSE);
		// the first 100 went through on the burst, then 100 a second on the rate
		assertThat(now).isBetween(5 * SECOND, 7 * SECOND);
	}

	@Test
	void forgivesAClientThatPausesASecond() {
		FrameRateLimiter limiter = new FrameRateLimiter(10, 10, 3 * SECOND, 0);
		long now = 0;
		for (int round = 0; round < 10; round++) {
			// a burst of 50 frames, 40 of them refused, then a pause
			for (int i = 0; i < 50; i++) {
				assertThat(limiter.take(now)).isNotEqualTo(Verdict.CLOSE);
			}
			now += 2 * SECOND;
		}
	}

}
