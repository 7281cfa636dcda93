package dev.parley.gateway;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayQueueTest {

	private final List<String> ran = new ArrayList<>();

	@Test
	void givesEveryUserATurnBeforeAnyUserGetsASecond() throws InterruptedException {
		ReplayQueue queue = new ReplayQueue(100, 10);
		for (int i = 0; i < 5; i++) {
			queue.offer(1, replay("mallory-" + i));
		}
		queue.offer(2, replay("bob"));
		queue.offer(3, replay("carol"));

		List<String> order = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			ReplayQueue.Turn turn = queue.take();
			turn.replay().run();
			queue.done(turn.userId());
		}
		order.addAll(this.ran);
		assertThat(order).containsExactly("mallory-0", "bob", "carol", "mallory-1", "mallory-2", "mallory-3",
				"mallory-4");
	}

	@Test
	void runsAtMostOneReplayOfAUserAtATime() throws InterruptedException {
		ReplayQueue queue = new ReplayQueue(100, 10);
		queue.offer(1, replay("mallory-0"));
		queue.offer(1, replay("mallory-1"));
		queue.offer(2, replay("bob"));

		ReplayQueue.Turn first = queue.take();
		ReplayQueue.Turn second = queue.take();
		assertThat(first.userId()).isEqualTo(1);
		assertThat(second.userId()).isEqualTo(2);
		assertThat(queue.size()).isEqualTo(1);
		queue.done(second.userId());
		assertThat(queue.size()).isEqualTo(1);
		queue.done(first.userId());
		assertThat(queue.take().userId()).isEqualTo(1);
		assertThat(queue.size()).isZero();
	}

	@Test
	void refusesBeyondItsCapacityAndAUsersShare() {
		ReplayQueue queue = new ReplayQueue(3, 2);
		assertThat(queue.offer(1, replay("a"))).isTrue();
		assertThat(queue.offer(1, replay("b"))).isTrue();
		assertThat(queue.offer(1, replay("c"))).isFalse();
		assertThat(queue.offer(2, replay("d"))).isTrue();
		assertThat(queue.offer(3, replay("e"))).isFalse();
		assertThat(queue.size()).isEqualTo(3);
	}

	private Runnable replay(String name) {
		return () -> this.ran.add(name);
	}

}
