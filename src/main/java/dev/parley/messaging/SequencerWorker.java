package dev.parley.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * One member of the {@code parley-sequencer} consumer group and the thread that owns its
 * consumer. Each poll it stores the batch ({@link BatchIsolation}), hands the events to
 * this node's sessions and waiting senders ({@link EventTail#deliverLocally}) and starts
 * publishing them ({@link PublishWindow}); while they are in flight it goes on to store
 * the next batches (up to {@value #MAX_IN_FLIGHT} ahead). A failed publish, or a store
 * that fails for now ({@link StoreFailure#TRANSIENT}), sends it back to read that batch
 * and the later ones again, with its partitions paused for a growing interval
 * ({@link #BACK_OFF}); a command that can never be stored is set aside by
 * {@link BatchIsolation} and the rest of its batch goes on. Where a newly assigned
 * partition starts is {@link SequencerRebalance}'s job; the worker places such partitions
 * after the poll that assigned them, outside the rebalance callback.
 *
 * <p>
 * Threads: {@code parley-sequencer-N} runs {@link #run()}; {@link #stop()} may be called
 * from any thread and wakes the consumer.
 */
final class SequencerWorker {

	private static final Logger log = LoggerFactory.getLogger(SequencerWorker.class);

	/**
	 * The pauses of a worker after failures in a row (a database or Kafka failing for
	 * now), and between its failed placements of new partitions
	 * ({@link SequencerRebalance}): half a second, doubling up to 10 s.
	 */
	static final ExponentialBackOff BACK_OFF = backOffPolicy();

	/** Stored batches a worker may have publishing at once before it waits. */
	static final int MAX_IN_FLIGHT = 8;

	private final int index;

	private final String clientId;

	private final Sequencer.Parts parts;

	private final PublishWindow window;

	private final Thread thread;

	private volatile boolean running = true;

	private volatile Consumer<String, byte[]> consumer;

	/** The pauses after failures in a row, or {@code null} after a success. */
	private BackOffExecution backOff;

	/** Whether {@link #backOff} paused the partitions, until {@link #resumeAt}. */
	private boolean paused;

	private long resumeAt;

	SequencerWorker(int index, Sequencer.Parts parts) {
		this.index = index;
		this.parts = parts;
		this.clientId = parts.node().id() + "-sequencer-" + index;
		this.window = new PublishWindow(parts.kafka(), parts.codec(), parts.topics(), parts.peers(), parts.meters());
		this.thread = new Thread(this::run, "parley-sequencer-" + index);
	}

	void start() {
		this.thread.start();
	}

	/** Asks the worker to commit what is done and leave; returns at once. */
	void stop() {
		this.running = false;
		Consumer<String, byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
	}

	void join(Duration timeout) throws InterruptedException {
		this.thread.join(timeout.toMillis());
	}

	private void run() {
		Consumer<String, byte[]> created = createConsumer();
		this.consumer = created;
		try (Consumer<String, byte[]> consumer = created) {
			SequencerRebalance rebalance = new SequencerRebalance(this.clientId, consumer, this.window,
					this.parts.store());
			consumer.subscribe(List.of(this.parts.topics().inbound()), rebalance);
			try {
				while (this.running) {
					resumeWhenDue(consumer, rebalance);
					ConsumerRecords<String, byte[]> records = consumer
						.poll(this.window.isEmpty() ? Duration.ofMillis(200) : Duration.ofMillis(1));
					Set<TopicPartition> placed = rebalance.placeWhenDue();
					if (!placed.isEmpty() && !this.paused) {
						consumer.resume(placed);
					}
					if (!records.isEmpty()) {
						process(consumer, records);
					}
					else if (!this.paused) {
						// paused after a failure, the partitions' commands wait all the
						// same
						this.parts.admission().sequencerLag(this.index, 0);
					}
					PublishWindow.Settled settled = settle(consumer, false);
					if (!settled.again().isEmpty()) {
						rewind(consumer, settled.again());
						backOff(consumer);
					}
				}
			}
			catch (WakeupException ex) {
				// stop() woke the consumer: commit what is done and leave
			}
			settle(consumer, true);
			this.window.commitNow(consumer);
		}
		catch (RuntimeException ex) {
			log.error("A sequencer worker stopped on an unexpected failure", ex);
		}
		finally {
			this.consumer = null;
		}
	}

	private Consumer<String, byte[]> createConsumer() {
		MessagingProperties properties = this.parts.properties();
		Properties overrides = new Properties();
		overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
		overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(properties.maxPollRecords()));
		overrides.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
				String.valueOf(properties.sequencerFetchMinBytes().toBytes()));
		overrides.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
				String.valueOf(properties.sequencerFetchWait().toMillis()));
		long session = properties.sequencerSessionTimeout().toMillis();
		overrides.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(session));
		overrides.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.max(1, session / 4)));
		@SuppressWarnings("unchecked")
		Consumer<String, byte[]> created = (Consumer<String, byte[]>) this.parts.consumers()
			.createConsumer(Sequencer.GROUP, this.clientId, null, overrides);
		return created;
	}

	/**
	 * Stores one batch and starts publishing its events. The next batch is stored while
	 * they are in flight; offsets are committed only once a batch's events are
	 * acknowledged ({@link PublishWindow}). Commands that can never be stored are set
	 * aside ({@link BatchIsolation}) and their offsets committed with the rest; when the
	 * store fails for now, what it stored is published and the rest is read again after a
	 * pause ({@link #backOff}).
	 */
	private void process(Consumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
		List<ConsumerRecord<String, byte[]>> list = new ArrayList<>(records.count());
		long oldest = Long.MAX_VALUE;
		for (ConsumerRecord<String, byte[]> record : records) {
			list.add(record);
			oldest = Math.min(oldest, record.timestamp());
		}
		long lag = Math.max(0, System.currentTimeMillis() - oldest);
		this.parts.meters().lag().record(lag, TimeUnit.MILLISECONDS);
		this.parts.admission().sequencerLag(this.index, lag);
		long started = System.nanoTime();
		BatchIsolation.Outcome outcome = this.parts.isolation().store(list);
		if (outcome.failure() == null) {
			this.parts.meters().store().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}
		else {
			log.warn("Storing an inbound batch of {} records failed ({}); {} of them will be read again", list.size(),
					BatchIsolation.describe(outcome.failure()), list.size() - outcome.handled());
			this.parts.meters().failures().increment();
		}
		List<ConsumerRecord<String, byte[]>> done = list.subList(0, outcome.handled());
		if (!done.isEmpty()) {
			List<SequencedEvent> events = outcome.events();
			byte[] origin = this.parts.tail().deliverLocally(events);
			this.window.publish(events, origin, done, started);
		}
		if (outcome.failure() != null) {
			Map<TopicPartition, Long> first = PublishWindow.firstOffsets(list.subList(outcome.handled(), list.size()));
			settle(consumer, true).again().forEach((partition, offset) -> first.merge(partition, offset, Math::min));
			rewind(consumer, first);
			backOff(consumer);
		}
		else if (this.window.size() > MAX_IN_FLIGHT) {
			this.window.awaitOldest();
		}
	}

	private PublishWindow.Settled settle(Consumer<String, byte[]> consumer, boolean all) {
		PublishWindow.Settled settled = this.window.settle(consumer, all);
		if (settled.acknowledged()) {
			// a batch went through: the next failure pauses briefly again
			this.backOff = null;
		}
		return settled;
	}

	/**
	 * Seeks back to read these offsets again, on the partitions still assigned. What is
	 * read again was mostly stored already, and gets the stored events back.
	 */
	static void rewind(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> first) {
		if (first.isEmpty()) {
			return;
		}
		Set<TopicPartition> assigned = consumer.assignment();
		first.forEach((partition, offset) -> {
			if (assigned.contains(partition)) {
				consumer.seek(partition, offset);
			}
		});
	}

	/**
	 * Pauses every partition of the worker for the next interval of {@link #BACK_OFF}
	 * (longer after each failure in a row, back to the first once a batch is stored and
	 * published). The worker goes on polling meanwhile, so that it keeps its place in the
	 * group and answers {@link #stop()} at once; never called from a rebalance callback.
	 */
	private void backOff(Consumer<String, byte[]> consumer) {
		if (this.backOff == null) {
			this.backOff = BACK_OFF.start();
		}
		long delay = this.backOff.nextBackOff();
		consumer.pause(consumer.assignment());
		this.resumeAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
		this.paused = true;
	}

	/**
	 * Resumes the partitions {@link #backOff} paused, once their pause is over, except
	 * those the rebalance has not placed yet.
	 */
	private void resumeWhenDue(Consumer<String, byte[]> consumer, SequencerRebalance rebalance) {
		if (this.paused && System.nanoTime() - this.resumeAt >= 0) {
			Set<TopicPartition> resume = new HashSet<>(consumer.paused());
			resume.removeAll(rebalance.unplaced());
			consumer.resume(resume);
			this.paused = false;
		}
	}

	private static ExponentialBackOff backOffPolicy() {
		ExponentialBackOff policy = new ExponentialBackOff(500, 2);
		policy.setMaxInterval(10_000);
		return policy;
	}

}
