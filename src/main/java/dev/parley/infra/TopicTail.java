package dev.parley.infra;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.ConsumerFactory;

/**
 * Reads every partition of one topic, from its end, on a thread of its own, without a
 * consumer group: each node sees every record published after it started (what came
 * before is the database's business). The events, ephemeral and control topics are read
 * this way. A handler that throws loses that one record, logged, not the tail.
 *
 * <p>
 * Threads: {@link #start} assigns and positions the consumer on the caller's thread (so
 * nothing published after it returns is missed) and starts the tail thread, the only one
 * that calls the handler; {@link #stop()} wakes it and waits for it to end.
 *
 * @param <V> the record value type
 */
public final class TopicTail<V> {

	private static final Logger log = LoggerFactory.getLogger(TopicTail.class);

	/** What the tail does with each record. Runs on the tail thread: keep it short. */
	@FunctionalInterface
	public interface Handler<V> {

		void handle(ConsumerRecord<String, V> record);

	}

	private final Consumer<String, V> consumer;

	private final Handler<V> handler;

	private final Thread thread;

	private volatile boolean running = true;

	private TopicTail(Consumer<String, V> consumer, Handler<V> handler, String threadName) {
		this.consumer = consumer;
		this.handler = handler;
		this.thread = new Thread(this::run, threadName);
	}

	/**
	 * Starts tailing a topic.
	 * @param clientId the Kafka client id (include the node id)
	 * @param threadName the tail thread's name
	 * @param values the value deserializer
	 */
	public static <V> TopicTail<V> start(ConsumerFactory<?, ?> consumers, String topic, String clientId,
			String threadName, Class<? extends Deserializer<V>> values, Handler<V> handler) {
		Properties overrides = new Properties();
		overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, values.getName());
		overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		// a long poll: the broker answers as soon as a record arrives
		overrides.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
		@SuppressWarnings("unchecked")
		Consumer<String, V> consumer = (Consumer<String, V>) consumers.createConsumer(null, clientId, null, overrides);
		List<TopicPartition> partitions = consumer.partitionsFor(topic)
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		consumer.assign(partitions);
		consumer.seekToEnd(partitions);
		partitions.forEach(consumer::position);
		TopicTail<V> tail = new TopicTail<>(consumer, handler, threadName);
		tail.thread.start();
		return tail;
	}

	/** Stops the tail and closes its consumer; waits up to 10 s for the thread. */
	public void stop() {
		this.running = false;
		this.consumer.wakeup();
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run() {
		try (Consumer<String, V> consumer = this.consumer) {
			while (this.running) {
				for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
					try {
						this.handler.handle(record);
					}
					catch (RuntimeException ex) {
						log.error("Handling {}-{}@{} failed; the tail goes on", record.topic(), record.partition(),
								record.offset(), ex);
					}
				}
			}
		}
		catch (WakeupException ex) {
			// stop() woke the consumer: leave the loop
		}
		catch (RuntimeException ex) {
			log.error("The tail of {} stopped on an unexpected failure", this.thread.getName(), ex);
		}
	}

}
