package dev.parley.messaging;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import dev.parley.infra.NodeIdentity;
import dev.parley.infra.Peers;
import dev.parley.infra.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The sequencer/store stage: {@code parley.messaging.sequencer-threads} members of the
 * {@code parley-sequencer} consumer group on the inbound topic (each partition has one
 * owner across all nodes). For every poll a worker stores the batch
 * ({@link SequencerBatch}) and starts publishing the resulting events; while they are in
 * flight it goes on to store the next batches (up to {@value #MAX_IN_FLIGHT} batches
 * ahead). A stored batch's events also go straight to this node's sessions and waiting
 * senders ({@link EventTail#deliverLocally}): they are in the database, so an {@code ack}
 * need not wait for their round trip through Kafka; other nodes get them from the events
 * topic. When no other node can read them ({@link Peers#NONE}, the embedded broker),
 * events delivered here are not published at all. A batch's inbound offsets are committed
 * only once Kafka has acknowledged the events it publishes and those of every earlier
 * batch (asynchronously, at most every 100 ms; a partition's last offsets are committed
 * synchronously when it is revoked or the worker stops). A failed publish, or a store
 * that fails for now ({@link StoreFailure#TRANSIENT}), sends the worker back to read that
 * batch and the later ones again, with its partitions paused for a growing interval
 * ({@link #BACK_OFF}); a command that can never be stored is set aside by
 * {@link BatchIsolation} and the rest of its batch goes on.
 *
 * <p>
 * After a crash anywhere in that cycle the partition is re-read from the smaller of the
 * Kafka-committed offset and the offset stored with the data: stored commands come back
 * as their stored events (idempotent), so nothing acknowledged is lost and nothing is
 * stored twice (G1, G2); events may be published twice, which sessions drop by sequence
 * number.
 *
 * <p>
 * Threads: each worker, {@code parley-sequencer-N}, owns its consumer; {@link #stop()}
 * wakes them and waits for the batches in hand to finish.
 */
@Component
class Sequencer implements SmartLifecycle {

	static final String GROUP = "parley-sequencer";

	private static final Logger log = LoggerFactory.getLogger(Sequencer.class);

	/**
	 * How often a worker commits its inbound offsets to Kafka at most. The offsets stored
	 * with the data are exact; Kafka's only bound how far a new owner re-reads (and
	 * re-publishes), so committing on every batch would cost the broker work for nothing.
	 */
	private static final long COMMIT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/**
	 * The pauses of a worker after failures in a row (a database or Kafka failing for
	 * now): half a second, doubling up to 10 s.
	 */
	private static final ExponentialBackOff BACK_OFF = backOffPolicy();

	/** Stored batches a worker may have publishing at once before it waits. */
	private static final int MAX_IN_FLIGHT = 8;

	private final ConsumerFactory<?, ?> consumers;

	private final KafkaTemplate<String, byte[]> kafka;

	private final Topics topics;

	private final BatchIsolation isolation;

	private final EventStore store;

	private final EventCodec codec;

	private final EventTail tail;

	private final MessagingProperties properties;

	private final NodeIdentity node;

	private final Peers peers;

	private final Admission admission;

	private final Timer batchTimer;

	private final Timer storeTimer;

	private final Timer lagTimer;

	private final Counter stored;

	private final Counter failures;

	private final List<Worker> workers = new ArrayList<>();

	private volatile boolean running;

	Sequencer(ConsumerFactory<?, ?> consumers, KafkaTemplate<String, byte[]> kafka, Topics topics,
			BatchIsolation isolation, EventStore store, EventCodec codec, EventTail tail,
			MessagingProperties properties, NodeIdentity node, Peers peers, Admission admission, MeterRegistry meters) {
		this.consumers = consumers;
		this.kafka = kafka;
		this.topics = topics;
		this.isolation = isolation;
		this.store = store;
		this.codec = codec;
		this.tail = tail;
		this.properties = properties;
		this.node = node;
		this.peers = peers;
		this.admission = admission;
		this.batchTimer = Timer.builder("parley.sequencer.batch")
			.description("Time to store and publish one inbound batch")
			.publishPercentileHistogram()
			.register(meters);
		this.storeTimer = Timer.builder("parley.sequencer.store")
			.description("Time to store one inbound batch in the database (one transaction)")
			.publishPercentileHistogram()
			.register(meters);
		this.lagTimer = Timer.builder("parley.sequencer.lag")
			.description("Age of an inbound batch's oldest command when the sequencer polled it")
			.publishPercentileHistogram()
			.register(meters);
		this.stored = Counter.builder("parley.sequencer.events")
			.description("Events stored and published (or, with no other node, delivered here)")
			.register(meters);
		this.failures = Counter.builder("parley.sequencer.failures")
			.description("Inbound batches that failed to store or publish for now (a dependency failing) and are "
					+ "read again")
			.register(meters);
	}

	@Override
	public void start() {
		this.running = true;
		for (int i = 0; i < this.properties.sequencerThreads(); i++) {
			Worker worker = new Worker(i);
			this.workers.add(worker);
			worker.thread.start();
		}
	}

	@Override
	public void stop() {
		this.running = false;
		this.workers.forEach(Worker::wakeup);
		for (Worker worker : this.workers) {
			try {
				worker.thread.join(TimeUnit.SECONDS.toMillis(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.workers.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return 0;
	}

	/** One consumer of the group and the thread that owns it. */
	private final class Worker {

		private final Thread thread;

		private final int index;

		private final String clientId;

		private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();

		/** Whether {@link #uncommitted} moved since the last commit. */
		private boolean pending;

		private long lastCommit = System.nanoTime();

		/** Stored batches whose events are still being published, oldest first. */
		private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

		/** The pauses after failures in a row, or {@code null} after a success. */
		private BackOffExecution backOff;

		/** Whether {@link #backOff} paused the partitions, until {@link #resumeAt}. */
		private boolean paused;

		private long resumeAt;

		private volatile Consumer<String, byte[]> consumer;

		Worker(int index) {
			this.index = index;
			this.clientId = Sequencer.this.node.id() + "-sequencer-" + index;
			this.thread = new Thread(this::run, "parley-sequencer-" + index);
		}

		void wakeup() {
			Consumer<String, byte[]> current = this.consumer;
			if (current != null) {
				current.wakeup();
			}
		}

		private void run() {
			Properties overrides = new Properties();
			overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
			overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
			overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
			overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
			overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
					String.valueOf(Sequencer.this.properties.maxPollRecords()));
			overrides.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
					String.valueOf(Sequencer.this.properties.sequencerFetchMinBytes().toBytes()));
			overrides.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
					String.valueOf(Sequencer.this.properties.sequencerFetchWait().toMillis()));
			long session = Sequencer.this.properties.sequencerSessionTimeout().toMillis();
			overrides.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(session));
			overrides.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.max(1, session / 4)));
			@SuppressWarnings("unchecked")
			Consumer<String, byte[]> created = (Consumer<String, byte[]>) Sequencer.this.consumers.createConsumer(GROUP,
					this.clientId, null, overrides);
			this.consumer = created;
			try (Consumer<String, byte[]> consumer = created) {
				consumer.subscribe(List.of(Sequencer.this.topics.inbound()), new Rebalance(this, consumer));
				try {
					while (Sequencer.this.running) {
						resumeWhenDue(consumer);
						ConsumerRecords<String, byte[]> records = consumer
							.poll(this.inFlight.isEmpty() ? Duration.ofMillis(200) : Duration.ofMillis(1));
						if (!records.isEmpty()) {
							process(consumer, records);
						}
						else if (!this.paused) {
							// paused after a failure, the partitions' commands wait all
							// the same
							Sequencer.this.admission.sequencerLag(this.index, 0);
						}
						Map<TopicPartition, Long> again = settle(consumer, false);
						if (!again.isEmpty()) {
							rewind(consumer, again);
							backOff(consumer);
						}
					}
				}
				catch (WakeupException ex) {
					// stop() woke the consumer: commit what is done and leave
				}
				settle(consumer, true);
				commitNow(consumer);
			}
			catch (RuntimeException ex) {
				log.error("A sequencer worker stopped on an unexpected failure", ex);
			}
			finally {
				this.consumer = null;
			}
		}

		/**
		 * Stores one batch and starts publishing its events. The next batch is stored
		 * while they are in flight; offsets are committed only once a batch's events are
		 * acknowledged ({@link #settle}). Commands that can never be stored are set aside
		 * ({@link BatchIsolation}) and their offsets committed with the rest; when the
		 * store fails for now, what it stored is published and the rest is read again
		 * after a pause ({@link #backOff}).
		 */
		private void process(Consumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
			List<ConsumerRecord<String, byte[]>> list = new ArrayList<>(records.count());
			long oldest = Long.MAX_VALUE;
			for (ConsumerRecord<String, byte[]> record : records) {
				list.add(record);
				oldest = Math.min(oldest, record.timestamp());
			}
			long lag = Math.max(0, System.currentTimeMillis() - oldest);
			Sequencer.this.lagTimer.record(lag, TimeUnit.MILLISECONDS);
			Sequencer.this.admission.sequencerLag(this.index, lag);
			long started = System.nanoTime();
			BatchIsolation.Outcome outcome = Sequencer.this.isolation.store(list);
			if (outcome.failure() == null) {
				Sequencer.this.storeTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			}
			else {
				log.warn("Storing an inbound batch of {} records failed ({}); {} of them will be read again",
						list.size(), BatchIsolation.describe(outcome.failure()), list.size() - outcome.handled());
				Sequencer.this.failures.increment();
			}
			List<ConsumerRecord<String, byte[]>> done = list.subList(0, outcome.handled());
			if (!done.isEmpty()) {
				List<SequencedEvent> events = outcome.events();
				byte[] origin = Sequencer.this.tail.deliverLocally(events);
				CompletableFuture<Void> published = publish(events, origin).whenComplete((ok, failure) -> {
					if (failure == null) {
						Sequencer.this.stored.increment(events.size());
						Sequencer.this.batchTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
					}
				});
				this.inFlight.add(new InFlight(published, offsets(done), firstOffsets(done)));
			}
			if (outcome.failure() != null) {
				Map<TopicPartition, Long> first = firstOffsets(list.subList(outcome.handled(), list.size()));
				settle(consumer, true).forEach((partition, offset) -> first.merge(partition, offset, Math::min));
				rewind(consumer, first);
				backOff(consumer);
			}
			else if (this.inFlight.size() > MAX_IN_FLIGHT) {
				awaitQuietly(this.inFlight.peek().published());
			}
		}

		/**
		 * Commits (asynchronously) the offsets of the oldest batches whose events are
		 * published; with {@code all}, waits for every batch in flight first. When a
		 * batch's publish failed, returns where to read again from (that batch and every
		 * later one; stored commands come back as their stored events, which are
		 * published again), otherwise an empty map.
		 */
		Map<TopicPartition, Long> settle(Consumer<String, byte[]> consumer, boolean all) {
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
					Sequencer.this.failures.increment();
					for (InFlight batch : this.inFlight) {
						awaitQuietly(batch.published());
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
				// a batch went through: the next failure pauses briefly again
				this.backOff = null;
			}
			long now = System.nanoTime();
			if (this.pending && now - this.lastCommit >= COMMIT_INTERVAL_NANOS) {
				this.pending = false;
				this.lastCommit = now;
				consumer.commitAsync(Map.copyOf(this.uncommitted), (committed, failure) -> {
					if (failure != null) {
						log.debug("An asynchronous offset commit failed; a later one covers it: {}",
								failure.toString());
					}
				});
			}
			return again;
		}

		/**
		 * Seeks back to read these offsets again. What is read again was mostly stored
		 * already, and gets the stored events back.
		 */
		void rewind(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> first) {
			Set<TopicPartition> assigned = consumer.assignment();
			first.forEach((partition, offset) -> {
				if (assigned.contains(partition)) {
					consumer.seek(partition, offset);
				}
			});
		}

		/**
		 * Pauses every partition of the worker for the next interval of {@link #BACK_OFF}
		 * (longer after each failure in a row, back to the first once a batch is stored
		 * and published). The worker goes on polling meanwhile, so that it keeps its
		 * place in the group and answers {@link #stop()} at once; never called from a
		 * rebalance callback.
		 */
		void backOff(Consumer<String, byte[]> consumer) {
			if (this.backOff == null) {
				this.backOff = BACK_OFF.start();
			}
			long delay = this.backOff.nextBackOff();
			consumer.pause(consumer.assignment());
			this.resumeAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
			this.paused = true;
		}

		/** Resumes the partitions {@link #backOff} paused, once their pause is over. */
		void resumeWhenDue(Consumer<String, byte[]> consumer) {
			if (this.paused && System.nanoTime() - this.resumeAt >= 0) {
				consumer.resume(consumer.paused());
				this.paused = false;
			}
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
				log.warn("Committing sequencer offsets failed; the next owner re-reads (idempotently): {}",
						ex.toString());
			}
		}

	}

	/**
	 * Sends the events, marked with the origin of this node's {@link EventTail} when it
	 * has delivered them already; the result fails when any send fails (the template
	 * fails the future of a send refused at once too, {@link MessagingKafka}), which
	 * sends the worker back to read the batch again. Events this node delivered are not
	 * sent when no other node reads the topic: they are stored, and the sessions that
	 * needed them have them.
	 */
	private CompletableFuture<Void> publish(List<SequencedEvent> events, byte[] origin) {
		if (origin != null && this.peers == Peers.NONE) {
			return CompletableFuture.completedFuture(null);
		}
		List<CompletableFuture<?>> sends = new ArrayList<>(events.size());
		for (SequencedEvent event : events) {
			sends.add(this.kafka.send(this.codec.event(this.topics.events(), event, origin)));
		}
		return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
	}

	/**
	 * Commits offsets synchronously. When {@link #stop()} woke the consumer while its
	 * worker was not polling (storing a batch, say), the wake-up is still pending and
	 * fails the first attempt; that spends it, and the last offsets are still worth
	 * committing, so it tries once more.
	 */
	static void commitSync(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
		try {
			consumer.commitSync(offsets);
		}
		catch (WakeupException ex) {
			consumer.commitSync(offsets);
		}
	}

	private static ExponentialBackOff backOffPolicy() {
		ExponentialBackOff policy = new ExponentialBackOff(500, 2);
		policy.setMaxInterval(10_000);
		return policy;
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

	private static Map<TopicPartition, Long> firstOffsets(List<ConsumerRecord<String, byte[]>> records) {
		Map<TopicPartition, Long> first = new HashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
		}
		return first;
	}

	/** A stored batch whose events are being published. */
	private record InFlight(CompletableFuture<Void> published, Map<TopicPartition, OffsetAndMetadata> offsets,
			Map<TopicPartition, Long> firstOffsets) {
	}

	/**
	 * Positions newly assigned partitions where the stored data and Kafka both agree work
	 * remains; commits what was done before partitions are taken away.
	 */
	private final class Rebalance implements ConsumerRebalanceListener {

		private final Worker worker;

		private final Consumer<String, byte[]> consumer;

		Rebalance(Worker worker, Consumer<String, byte[]> consumer) {
			this.worker = worker;
			this.consumer = consumer;
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			if (partitions.isEmpty()) {
				return;
			}
			// where the store is ahead of Kafka, the first batches are stored already:
			// the batch answers them with the stored events
			Map<Integer, Long> stored = Sequencer.this.store.offsets();
			Map<TopicPartition, OffsetAndMetadata> committed = this.consumer.committed(Set.copyOf(partitions));
			for (TopicPartition partition : partitions) {
				Long fromStore = stored.get(partition.partition());
				OffsetAndMetadata fromKafka = committed.get(partition);
				if (fromStore == null && fromKafka == null) {
					this.consumer.seekToBeginning(List.of(partition));
				}
				else if (fromStore == null) {
					this.consumer.seek(partition, fromKafka.offset());
				}
				else if (fromKafka == null) {
					this.consumer.seek(partition, fromStore);
				}
				else {
					this.consumer.seek(partition, Math.min(fromStore, fromKafka.offset()));
				}
			}
			log.info("Sequencer {} owns inbound partitions {}", this.worker.clientId,
					partitions.stream().map(TopicPartition::partition).sorted().toList());
		}

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			this.worker.rewind(this.consumer, this.worker.settle(this.consumer, true));
			this.worker.commitNow(this.consumer);
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> partitions) {
			// another member owns them already: committing would fail; the new owner
			// re-reads from the smaller offset, idempotently (batches still publishing
			// are dropped: what they stored is read again too)
			this.worker.uncommitted.keySet().removeAll(partitions);
			this.worker.inFlight.clear();
		}

	}

}
