package dev.parley.bench.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrackerTest {

	@Test
	void countsRefusalsOfWarmUpMessagesApart() {
		Tracker tracker = new Tracker(10, 4, Audience.direct());
		for (int n = 0; n < 10; n++) {
			tracker.sent(n, 0, 1);
		}
		tracker.rejected(0);
		tracker.rejected(3);
		tracker.rejected(4);
		tracker.rejected(4);
		tracker.acked(5);
		tracker.rejected(5);
		Tracker.Counts counts = tracker.counts();
		assertThat(counts.rejected()).isEqualTo(3);
		assertThat(counts.rejectedInWarmup()).isEqualTo(2);
		assertThat(counts.acked()).isEqualTo(1);
		assertThat(counts.correct()).isFalse();
		assertThat(Figures.verdict(counts, true, 0, "unavailable (id b0)"))
			.contains("rejected=3 (in warm-up: 2)")
			.contains("first error: unavailable (id b0)");
	}

}
