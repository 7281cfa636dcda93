package dev.parley.messaging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local delivery thread keeps the sequencer's order, refuses batches beyond its
 * capacity and after stop (so that the sequencer publishes them for the tail instead),
 * and goes on past an event whose listener fails.
 */
class LocalDeliveriesTest {

	private final List<Long> dispatched = new CopyOnWriteArrayList<>();

	@Test
	void dispatchesBatchesInTheOrderTheyCame() throws InterruptedException {
		LocalDeliveries deliveries = new LocalDeliveries(16, (event) -> this.dispatched.add(event.seq()));
		assertThat(deliveries.offer(List.of(event(1), event(2)))).isTrue();
		assertThat(deliveries.offer(List.of(event(3)))).isTrue();
		assertThat(deliveries.offer(List.of(event(4), event(5), event(6)))).isTrue();
		assertThat(deliveries.stop(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.dispatched).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
	}

	@Test
	void refusesEventsBeyondItsCapacityAndTakesMoreOnceItCaughtUp() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		LocalDeliveries deliveries = new LocalDeliveries(4, (event) -> {
			this.dispatched.add(event.seq());
			if (event.seq() == 1) {
				await(release);
			}
		});
		assertThat(deliveries.offer(List.of(event(1)))).isTrue();
		Awaitility.await().until(() -> this.dispatched.contains(1L));
		assertThat(deliveries.offer(List.of(event(2), event(3)))).isTrue();
		assertThat(deliveries.offer(List.of(event(4), event(5), event(6)))).as("a fifth event waiting").isFalse();
		assertThat(deliveries.offer(List.of(event(4), event(5)))).as("the fourth").isTrue();
		assertThat(deliveries.offer(List.of(event(6)))).as("a fifth").isFalse();
		release.countDown();
		Awaitility.await().until(() -> this.dispatched.size() == 5);
		assertThat(deliveries.offer(List.of(event(6), event(7), event(8), event(9), event(10))))
			.as("a batch over the capacity when none waits")
			.isTrue();
		assertThat(deliveries.stop(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.dispatched).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
	}

	@Test
	void refusesBatchesOnceStoppedAndFinishesTheTakenOnes() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		LocalDeliveries deliveries = new LocalDeliveries(4, (event) -> {
			await(release);
			this.dispatched.add(event.seq());
		});
		assertThat(deliveries.offer(List.of(event(1), event(2)))).isTrue();
		assertThat(deliveries.stop(0, TimeUnit.SECONDS)).as("still dispatching").isFalse();
		assertThat(deliveries.offer(List.of(event(3)))).isFalse();
		release.countDown();
		assertThat(deliveries.stop(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.dispatched).containsExactly(1L, 2L);
	}

	@Test
	void goesOnPastAnEventWhoseDeliveryFails() throws InterruptedException {
		LocalDeliveries deliveries = new LocalDeliveries(4, (event) -> {
			if (event.seq() == 2) {
				throw new IllegalStateException("a listener failed");
			}
			this.dispatched.add(event.seq());
		});
		assertThat(deliveries.offer(List.of(event(1), event(2), event(3)))).isTrue();
		assertThat(deliveries.offer(List.of(event(4)))).isTrue();
		assertThat(deliveries.stop(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.dispatched).containsExactly(1L, 3L, 4L);
	}

	private static SequencedEvent event(long seq) {
		return new SequencedEvent(7, seq, EventKind.MESSAGE, 1, 1, "c-" + seq, 0, "hi", 0, "{}");
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
