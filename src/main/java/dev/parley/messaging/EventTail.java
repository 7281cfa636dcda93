package dev.parley.messaging;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.parley.conversations.Conversations;
import dev.parley.infra.NodeIdentity;
import dev.parley.infra.TopicTail;
import dev.parley.infra.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
 * Threads: the {@link TopicTail}'s thread, {@code parley-event-tail}, calls the
 * listeners.
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

	private volatile TopicTail<byte[]> tail;

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
		this.tail = TopicTail.start(this.consumers, this.topics.events(), this.node.id() + "-events",
				"parley-event-tail", ByteArrayDeserializer.class, this::read);
	}

	@Override
	public void stop() {
		TopicTail<byte[]> current = this.tail;
		this.tail = null;
		if (current != null) {
			current.stop();
		}
	}

	@Override
	public boolean isRunning() {
		return this.tail != null;
	}

	@Override
	public int getPhase() {
		return 0;
	}

	private void read(ConsumerRecord<String, byte[]> record) {
		SequencedEvent event = this.codec.event(record);
		if (event == null) {
			log.warn("Skipping unreadable event at {}-{}@{}", record.topic(), record.partition(), record.offset());
			return;
		}
		dispatch(event);
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
