package dev.parley.messaging;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that hands the events of stored batches to this node's listeners
 * ({@link EventTail#deliverLocally}), one batch after the other in the order they were
 * offered. At most {@code capacity} events wait in batches not yet started (a larger
 * batch is taken only when none waits); an offer beyond that, or after {@link #stop}, is
 * refused, and the caller lets those events come through the events topic instead. An
 * event whose dispatch fails is logged and skipped, like a record the tail cannot hand
 * on. Thread-safe.
 */
final class LocalDeliveries {

	private static final Logger log = LoggerFactory.getLogger(LocalDeliveries.class);

	private final ThreadPoolExecutor executor;

	private final Consumer<SequencedEvent> dispatch;

	private final int capacity;

	/** Events of the offered batches whose dispatch has not started. */
	private final AtomicInteger waiting = new AtomicInteger();

	LocalDeliveries(int capacity, Consumer<SequencedEvent> dispatch) {
		this.capacity = capacity;
		this.dispatch = dispatch;
		this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
				(task) -> new Thread(task, "parley-local-events"));
	}

	/** Whether the events were taken; they are dispatched later, in order. */
	boolean offer(List<SequencedEvent> events) {
		int count = events.size();
		int before = this.waiting.getAndAdd(count);
		if (before > 0 && before + count > this.capacity) {
			this.waiting.addAndGet(-count);
			return false;
		}
		try {
			this.executor.execute(() -> {
				this.waiting.addAndGet(-count);
				events.forEach(this::dispatch);
			});
			return true;
		}
		catch (RejectedExecutionException ex) {
			this.waiting.addAndGet(-count);
			return false;
		}
	}

	private void dispatch(SequencedEvent event) {
		try {
			this.dispatch.accept(event);
		}
		catch (RuntimeException ex) {
			log.error("Delivering event {} of conversation {} on this node failed", event.seq(), event.conversationId(),
					ex);
		}
	}

	/**
	 * Refuses new batches and waits up to {@code timeout} for the taken ones; whether
	 * they were all dispatched.
	 */
	boolean stop(long timeout, TimeUnit unit) throws InterruptedException {
		this.executor.shutdown();
		return this.executor.awaitTermination(timeout, unit);
	}

}
