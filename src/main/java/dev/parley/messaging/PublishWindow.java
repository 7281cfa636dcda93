package dev.parley.messaging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import dev.parley.infra.Peers;
import dev.parley.infra.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * One sequencer worker's stored batches whose events are being published, oldest first,
 * and the inbound offsets they free for committing. A batch's offsets are committed to
 * Kafka only once its events and those of every earlier batch are acknowledged
 * (asynchronously, at most every {@value #COMMIT_INTERVAL_MILLIS} ms, or synchronously by
 * {@link #commitNow}). A failed publish gives back where to read again from: that batch
 * and every later one (stored commands come back as their stored events, which are
 * published again).
 *
 * <p>
 * Threads: owned by its worker's thread; the rebalance callbacks run on it too (inside
 * {@code poll}).
 */
final class PublishWindow {

	private static final Logger log = LoggerFactory.getLogger(PublishWindow.class);

	/**
	 * How often the window commits its offsets to Kafka at most. The offsets stored with
	 * the data are exact; Kafka's only bound how far a new owner re-reads (and
	 * re-publishes), so committing on every batch would cost the broker work for nothing.
	 */
	private static final long COMMIT_INTERVAL_MILLIS = 100;

	private final KafkaTemplate<String, byte[]> kafka;

	private final EventCodec codec;

	private final Topics topics;

	private final Peers peers;

	private final SequencerMeters meters;

	private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

	private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();

	/** Whether {@link #uncommitted} moved since the last commit. */
	private boolean pending;

	private long lastCommit = System.nanoTime();

	PublishWindow(KafkaTemplate<String, byte[]> kafka, EventCodec codec, Topics topics, Peers peers,
			SequencerMeters meters) {
		this.kafka = kafka;
		this.codec = codec;
		this.topics = topics;
		this.peers = peers;
		this.meters = meters;
	}

	/**
	 * What settling found.
	 *
	 * @param again where to read again from, per partition, after a failed publish (empty
	 * when none failed)
	 * @param acknowledged whether at least one batch's events were acknowledged
	 */
	record Settled(Map<TopicPartition, Long> again, boolean acknowledged) {
	}

	boolean isEmpty() {
		return this.inFlight.isEmpty();
	}

	int size() {
		return this.inFlight.size();
	}

	/**
	 * Starts publishing a stored batch's events.
	 * @param events the batch's events, in order
	 * @param origin this node's mark when it delivered them already, or {@code null}
	 * @param records the batch's records (stored or set aside)
	 * @param started when the batch was polled ({@link System#nanoTime()})
	 */
	void publish(List<SequencedEvent> events, byte[] origin, List<ConsumerRecord<String, byte[]>> records,
			long started) {
		CompletableFuture<Void> published = send(events, origin).whenComplete((ok, failure) -> {
			if (failure == null) {
				this.meters.events().increment(events.size());
				this.meters.batch().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			}
		});
		this.inFlight.add(new InFlight(published, offsets(records), firstOffsets(records)));
	}

	/** Waits for the oldest batch's publish to finish, failed or not. */
	void awaitOldest() {
		InFlight oldest = this.inFlight.peek();
		if (oldest != null) {
			awaitQuietly(oldest.published());
		}
	}

	/**
	 * Frees the offsets of the oldest batches whose events are published and commits them
	 * asynchronously when the last commit is old enough; with {@code all}, waits for
	 * every batch in flight first. After a failed publish it waits for the later batches
	 * and forgets them all; the worker reads them again from {@link Settled#again()}.
	 */
	Settled settle(Consumer<String, byte[]> consumer, boolean all) {
		return settle(consumer, all, true);
	}

	/**
	 * Like {@link #settle(Consumer, boolean)} without ever waiting: for a rebalance
	 * callback. A failed publish forgets the later batches without waiting for them
	 * (their publishes go on; the worker reads them again all the same).
	 */
	Settled settleWithoutWaiting(Consumer<String, byte[]> consumer) {
		return settle(consumer, false, false);
	}

	private Settled settle(Consumer<String, byte[]> consumer, boolean all, boolean mayWait) {
		Map<TopicPartition, Long> again = new HashMap<>();
		Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
		while (!this.inFlight.isEmpty()) {
			InFlight head = this.inFlight.peek();
			if (all) {
				awaitQuietly(head.published());
			}
			if (!head.published().isDone()) {
				break;
			}
			if (head.published().isCompletedExceptionally()) {
				log.warn("Publishing the events of a stored batch failed; it will be read again: {}",
						failure(head.published()));
				this.meters.failures().increment();
				for (InFlight batch : this.inFlight) {
					if (mayWait) {
						awaitQuietly(batch.published());
					}
					batch.firstOffsets().forEach((partition, offset) -> again.merge(partition, offset, Math::min));
				}
				this.inFlight.clear();
				break;
			}
			this.inFlight.poll();
			done.putAll(head.offsets());
		}
		if (!done.isEmpty()) {
			this.uncommitted.putAll(done);
			this.pending = true;
		}
		long now = System.nanoTime();
		if (this.pending && now - this.lastCommit >= TimeUnit.MILLISECONDS.toNanos(COMMIT_INTERVAL_MILLIS)) {
			this.pending = false;
			this.lastCommit = now;
			consumer.commitAsync(Map.copyOf(this.uncommitted), (committed, failure) -> {
				if (failure != null) {
					log.debug("An asynchronous offset commit failed; a later one covers it: {}", failure.toString());
				}
			});
		}
		return new Settled(again, !done.isEmpty());
	}

	/** Commits the offsets of every stored and published batch, synchronously. */
	void commitNow(Consumer<String, byte[]> consumer) {
		if (this.uncommitted.isEmpty()) {
			return;
		}
		try {
			commitSync(consumer, Map.copyOf(this.uncommitted));
			this.uncommitted.clear();
			this.pending = false;
		}
		catch (RuntimeException ex) {
			log.warn("Committing sequencer offsets failed; the next owner re-reads (idempotently): {}", ex.toString());
		}
	}

	/**
	 * Commits offsets synchronously. When {@link SequencerWorker#stop()} woke the
	 * consumer while its worker was not polling (storing a batch, say), the wake-up is
	 * still pending and fails the first attempt; that spends it, and the last offsets are
	 * still worth committing, so it tries once more.
	 */
	static void commitSync(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
		try {
			consumer.commitSync(offsets);
		}
		catch (WakeupException ex) {
			consumer.commitSync(offsets);
		}
	}

	/**
	 * Forgets the partitions (revoked or lost): their offsets are no longer this worker's
	 * to commit. A batch still publishing keeps only its other partitions; the next owner
	 * of these reads that batch's commands again, from the smaller of the committed and
	 * the stored offset, and publishes their stored events.
	 */
	void release(Collection<TopicPartition> partitions) {
		this.uncommitted.keySet().removeAll(partitions);
		Iterator<InFlight> batches = this.inFlight.iterator();
		while (batches.hasNext()) {
			InFlight batch = batches.next();
			batch.offsets().keySet().removeAll(partitions);
			batch.firstOffsets().keySet().removeAll(partitions);
			if (batch.offsets().isEmpty()) {
				batches.remove();
			}
		}
	}

	/**
	 * Sends the events, marked with the origin of this node's {@link EventTail} when it
	 * has delivered them already; the result fails when any send fails (the template
	 * fails the future of a send refused at once too, {@link MessagingKafka}). Events
	 * this node delivered are not sent when no other node reads the topic: they are
	 * stored, and the sessions that needed them have them.
	 */
	private CompletableFuture<Void> send(List<SequencedEvent> events, byte[] origin) {
		if (origin != null && this.peers == Peers.NONE) {
			return CompletableFuture.completedFuture(null);
		}
		List<CompletableFuture<?>> sends = new ArrayList<>(events.size());
		for (SequencedEvent event : events) {
			sends.add(this.kafka.send(this.codec.event(this.topics.events(), event, origin)));
		}
		return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
	}

	/** Why a completed, failed publish failed, for the log. */
	private static String failure(CompletableFuture<Void> published) {
		try {
			published.join();
			return "no failure";
		}
		catch (CompletionException ex) {
			return String.valueOf(ex.getCause());
		}
		catch (RuntimeException ex) {
			return ex.toString();
		}
	}

	private static void awaitQuietly(CompletableFuture<Void> published) {
		try {
			published.join();
		}
		catch (RuntimeException ex) {
			// seen by settle()
		}
	}

	private static Map<TopicPartition, OffsetAndMetadata> offsets(List<ConsumerRecord<String, byte[]>> records) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			offsets.put(new TopicPartition(record.topic(), record.partition()),
					new OffsetAndMetadata(record.offset() + 1));
		}
		return offsets;
	}

	/** Each partition's first offset among the records. */
	static Map<TopicPartition, Long> firstOffsets(List<ConsumerRecord<String, byte[]>> records) {
		Map<TopicPartition, Long> first = new HashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
		}
		return first;
	}

	/** A stored batch whose events are being published; its maps shrink on release. */
	private record InFlight(CompletableFuture<Void> published, Map<TopicPartition, OffsetAndMetadata> offsets,
			Map<TopicPartition, Long> firstOffsets) {
	}

}
