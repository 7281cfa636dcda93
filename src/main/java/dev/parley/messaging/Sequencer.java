package dev.parley.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.parley.infra.NodeIdentity;
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

/**
 * The sequencer/store stage: {@code parley.messaging.sequencer-threads} members of the
 * {@code parley-sequencer} consumer group on the inbound topic (each partition has one
 * owner across all nodes). For every poll a worker stores the batch
 * ({@link SequencerBatch}), publishes the resulting events, waits for Kafka to
 * acknowledge them, and only then commits the inbound offsets (asynchronously; a
 * partition's last offsets are committed synchronously when it is revoked or the worker
 * stops).
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

	private final ConsumerFactory<?, ?> consumers;

	private final KafkaTemplate<String, byte[]> kafka;

	private final Topics topics;

	private final SequencerBatch batch;

	private final EventStore store;

	private final EventCodec codec;

	private final MessagingProperties properties;

	private final NodeIdentity node;

	private final Timer batchTimer;

	private final Counter stored;

	private final List<Worker> workers = new ArrayList<>();

	private volatile boolean running;

	Sequencer(ConsumerFactory<?, ?> consumers, KafkaTemplate<String, byte[]> kafka, Topics topics, SequencerBatch batch,
			EventStore store, EventCodec codec, MessagingProperties properties, NodeIdentity node,
			MeterRegistry meters) {
		this.consumers = consumers;
		this.kafka = kafka;
		this.topics = topics;
		this.batch = batch;
		this.store = store;
		this.codec = codec;
		this.properties = properties;
		this.node = node;
		this.batchTimer = Timer.builder("parley.sequencer.batch")
			.description("Time to store and publish one inbound batch")
			.publishPercentileHistogram()
			.register(meters);
		this.stored = Counter.builder("parley.sequencer.events").description("Events published").register(meters);
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

		private final String clientId;

		private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();

		private volatile Consumer<String, byte[]> consumer;

		Worker(int index) {
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
			overrides.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
			@SuppressWarnings("unchecked")
			Consumer<String, byte[]> created = (Consumer<String, byte[]>) Sequencer.this.consumers.createConsumer(GROUP,
					this.clientId, null, overrides);
			this.consumer = created;
			try (Consumer<String, byte[]> consumer = created) {
				consumer.subscribe(List.of(Sequencer.this.topics.inbound()), new Rebalance(this, consumer));
				try {
					while (Sequencer.this.running) {
						ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
						if (!records.isEmpty()) {
							process(consumer, records);
						}
					}
				}
				catch (WakeupException ex) {
					// stop() woke the consumer: commit what is done and leave
				}
				commitNow(consumer);
			}
			catch (RuntimeException ex) {
				log.error("A sequencer worker stopped on an unexpected failure", ex);
			}
			finally {
				this.consumer = null;
			}
		}

		private void process(Consumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
			List<ConsumerRecord<String, byte[]>> list = new ArrayList<>(records.count());
			records.forEach(list::add);
			long started = System.nanoTime();
			try {
				List<SequencedEvent> events = Sequencer.this.batch.apply(list);
				publish(events);
				Map<TopicPartition, OffsetAndMetadata> offsets = offsets(list);
				this.uncommitted.putAll(offsets);
				consumer.commitAsync(offsets, (committed, failure) -> {
					if (failure != null) {
						log.debug("An asynchronous offset commit failed; a later one covers it: {}",
								failure.toString());
					}
				});
				Sequencer.this.stored.increment(events.size());
				Sequencer.this.batchTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			}
			catch (WakeupException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				log.warn("Storing an inbound batch of {} records failed; it will be retried: {}", list.size(),
						ex.toString());
				rewind(consumer, list);
			}
		}

		/** Commits the offsets of every stored and published batch, synchronously. */
		void commitNow(Consumer<String, byte[]> consumer) {
			if (this.uncommitted.isEmpty()) {
				return;
			}
			try {
				consumer.commitSync(Map.copyOf(this.uncommitted));
				this.uncommitted.clear();
			}
			catch (RuntimeException ex) {
				log.warn("Committing sequencer offsets failed; the next owner re-reads (idempotently): {}",
						ex.toString());
			}
		}

	}

	private void publish(List<SequencedEvent> events) {
		List<CompletableFuture<?>> sends = new ArrayList<>(events.size());
		for (SequencedEvent event : events) {
			sends.add(this.kafka.send(this.codec.event(this.topics.events(), event)));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
	}

	private static Map<TopicPartition, OffsetAndMetadata> offsets(List<ConsumerRecord<String, byte[]>> records) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			offsets.put(new TopicPartition(record.topic(), record.partition()),
					new OffsetAndMetadata(record.offset() + 1));
		}
		return offsets;
	}

	private static void rewind(Consumer<String, byte[]> consumer, List<ConsumerRecord<String, byte[]>> records) {
		Map<TopicPartition, Long> first = new HashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
		}
		first.forEach(consumer::seek);
		try {
			Thread.sleep(500);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
			this.worker.commitNow(this.consumer);
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> partitions) {
			// another member owns them already: committing would fail; the new owner
			// re-reads from the smaller offset, idempotently
			this.worker.uncommitted.keySet().removeAll(partitions);
		}

	}

}
