package dev.parley.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.parley.conversations.Conversations;
import dev.parley.infra.NodeIdentity;
import dev.parley.infra.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Tails every partition of the events topic on this node (no consumer group: each node
 * reads everything, from the end at startup; what happened before comes from the database
 * on resume). For each event it drops cached membership when members changed, completes
 * the waiting command ({@link PendingReplies}) and hands the event to every
 * {@link SequencedEventListener}.
 *
 * <p>
 * Threads: one thread, {@code parley-event-tail}, owns the consumer and calls the
 * listeners; {@link #stop()} wakes it and waits for it to end.
 */
@Component
class EventTail implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EventTail.class);

	private final ConsumerFactory<?, ?> consumers;

	private final Topics topics;

	private final EventCodec codec;

	private final PendingReplies replies;

	private final Conversations conversations;

	private final ObjectProvider<SequencedEventListener> listenerProvider;

	private List<SequencedEventListener> listeners = List.of();

	private final NodeIdentity node;

	private final Counter events;

	private final Timer latency;

	private volatile boolean running;

	private volatile Consumer<String, byte[]> consumer;

	private Thread thread;

	EventTail(ConsumerFactory<?, ?> consumers, Topics topics, EventCodec codec, PendingReplies replies,
			Conversations conversations, ObjectProvider<SequencedEventListener> listeners, NodeIdentity node,
			MeterRegistry meters) {
		this.consumers = consumers;
		this.topics = topics;
		this.codec = codec;
		this.replies = replies;
		this.conversations = conversations;
		this.listenerProvider = listeners;
		this.node = node;
		this.events = Counter.builder("parley.events.tailed")
			.description("Events read from the events topic")
			.register(meters);
		this.latency = Timer.builder("parley.events.latency")
			.description("Time from a command's acceptance to its event reaching this node")
			.publishPercentileHistogram()
			.register(meters);
	}

	@Override
	public void start() {
		this.listeners = this.listenerProvider.orderedStream().toList();
		Properties overrides = new Properties();
		overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
		overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		overrides.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
		@SuppressWarnings("unchecked")
		Consumer<String, byte[]> created = (Consumer<String, byte[]>) this.consumers.createConsumer(null,
				this.node.id() + "-events", null, overrides);
		List<TopicPartition> partitions = created.partitionsFor(this.topics.events())
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		created.assign(partitions);
		created.seekToEnd(partitions);
		partitions.forEach(created::position);
		this.consumer = created;
		this.running = true;
		this.thread = new Thread(this::run, "parley-event-tail");
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Consumer<String, byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
		try (Consumer<String, byte[]> consumer = this.consumer) {
			while (this.running) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					SequencedEvent event = this.codec.event(record);
					if (event == null) {
						log.warn("Skipping unreadable event at {}-{}@{}", record.topic(), record.partition(),
								record.offset());
						continue;
					}
					dispatch(event);
				}
			}
		}
		catch (WakeupException ex) {
			// stop() woke the consumer: leave the loop
		}
		catch (RuntimeException ex) {
			log.error("The event tail stopped on an unexpected failure", ex);
		}
	}

	private void dispatch(SequencedEvent event) {
		this.events.increment();
		this.latency.record(Math.max(0, System.currentTimeMillis() - event.timeMillis()), TimeUnit.MILLISECONDS);
		if (event.kind() == EventKind.MEMBER) {
			this.conversations.forget(event.conversationId());
		}
		this.replies.complete(event);
		for (SequencedEventListener listener : this.listeners) {
			try {
				listener.onEvent(event);
			}
			catch (RuntimeException ex) {
				log.error("An event listener failed on {} seq {}", event.conversationId(), event.seq(), ex);
			}
		}
	}

}
