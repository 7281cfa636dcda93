package dev.parley.infra;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * Cluster-wide notices that every node must act on within a second (a revoked token, a
 * new block): {@link #publish} puts a {@link ControlMessage} on the control topic, and
 * every other node republishes each notice it reads as an application event (the
 * publisher has acted on its own change before announcing it). Nodes read the topic from
 * its end at startup: a notice is about state a node caches, and a starting node has
 * nothing cached yet.
 *
 * <p>
 * Threads: a {@link TopicTail}, {@code parley-control-tail}, publishes the events.
 */
@Component
public class ControlBus implements SmartLifecycle {

	private static final String ORIGIN = "origin";

	private final ConsumerFactory<?, ?> consumers;

	private final KafkaTemplate<String, String> producer;

	private final Topics topics;

	private final NodeIdentity node;

	private final ApplicationEventPublisher events;

	private volatile TopicTail<String> tail;

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
		this.tail = TopicTail.start(this.consumers, this.topics.control(), this.node.id() + "-control",
				"parley-control-tail", StringDeserializer.class, this::read);
	}

	@Override
	public void stop() {
		TopicTail<String> current = this.tail;
		this.tail = null;
		if (current != null) {
			current.stop();
		}
		this.producer.destroy();
	}

	@Override
	public boolean isRunning() {
		return this.tail != null;
	}

	@Override
	public int getPhase() {
		return 0;
	}

	private void read(ConsumerRecord<String, String> record) {
		Header origin = record.headers().lastHeader(ORIGIN);
		String originNode = (origin != null) ? new String(origin.value(), StandardCharsets.UTF_8) : "";
		if (!originNode.equals(this.node.id())) {
			this.events.publishEvent(new ControlMessage(record.key(), record.value(), originNode));
		}
	}

}
