package dev.parley.infra;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * Cluster-wide notices that every node must act on within a second (a revoked token, a
 * new block): {@link #publish} puts a {@link ControlMessage} on the control topic, and
 * every node, this one included, republishes each notice it reads as an application
 * event. Nodes read the topic from its end at startup: a notice is about state a node
 * caches, and a starting node has nothing cached yet.
 *
 * <p>
 * Threads: {@code parley-control-tail} owns the consumer and publishes the events;
 * {@link #stop()} wakes it and waits for it.
 */
@Component
public class ControlBus implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ControlBus.class);

	private static final String ORIGIN = "origin";

	private final ConsumerFactory<?, ?> consumers;

	private final KafkaTemplate<String, String> producer;

	private final Topics topics;

	private final NodeIdentity node;

	private final ApplicationEventPublisher events;

	private volatile boolean running;

	private volatile Consumer<String, String> consumer;

	private Thread thread;

	ControlBus(ConsumerFactory<?, ?> consumers, ProducerFactory<Object, Object> producers, Topics topics,
			NodeIdentity node, ApplicationEventPublisher events) {
		this.consumers = consumers;
		@SuppressWarnings("unchecked")
		ProducerFactory<String, String> strings = (ProducerFactory<String, String>) (ProducerFactory<?, ?>) producers
			.copyWithConfigurationOverride(Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
					ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
					ProducerConfig.LINGER_MS_CONFIG, 0));
		this.producer = new KafkaTemplate<>(strings);
		this.topics = topics;
		this.node = node;
		this.events = events;
	}

	/**
	 * Announces a notice to every node. Returns once Kafka has it, so the caller can tell
	 * its user the change is on its way everywhere.
	 * @throws IllegalStateException when Kafka did not take the notice in time
	 */
	public void publish(String kind, String payload) {
		ProducerRecord<String, String> record = new ProducerRecord<>(this.topics.control(), kind, payload);
		record.headers().add(ORIGIN, this.node.id().getBytes(StandardCharsets.UTF_8));
		try {
			this.producer.send(record).get(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while announcing " + kind, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not announce " + kind + " on the control topic", ex);
		}
	}

	@Override
	public void start() {
		Properties overrides = new Properties();
		overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		overrides.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
		@SuppressWarnings("unchecked")
		Consumer<String, String> created = (Consumer<String, String>) this.consumers.createConsumer(null,
				this.node.id() + "-control", null, overrides);
		List<TopicPartition> partitions = created.partitionsFor(this.topics.control())
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		created.assign(partitions);
		created.seekToEnd(partitions);
		partitions.forEach(created::position);
		this.consumer = created;
		this.running = true;
		this.thread = new Thread(this::run, "parley-control-tail");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Consumer<String, String> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.producer.destroy();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return 0;
	}

	private void run() {
		try (Consumer<String, String> consumer = this.consumer) {
			while (this.running) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					var origin = record.headers().lastHeader(ORIGIN);
					String originNode = (origin != null) ? new String(origin.value(), StandardCharsets.UTF_8) : "";
					try {
						this.events.publishEvent(new ControlMessage(record.key(), record.value(), originNode));
					}
					catch (RuntimeException ex) {
						log.error("A control listener failed on a {} notice", record.key(), ex);
					}
				}
			}
		}
		catch (WakeupException ex) {
			// stop() woke the consumer: leave the loop
		}
		catch (RuntimeException ex) {
			log.error("The control tail stopped on an unexpected failure", ex);
		}
	}

}
