package dev.parley.messaging;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
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
 * Brings every event to this node's listeners. Events reach it two ways:
 * <ul>
 * <li>from the events topic: it tails every partition (no consumer group: each node reads
 * everything, from the end at startup; what happened before comes from the database on
 * resume);</li>
 * <li>straight from this node's sequencer ({@link #deliverLocally}), once a batch is
 * stored, without waiting for the events to make the round trip through Kafka. The
 * sequencer then publishes them marked with this tail's origin (a random id per process),
 * and the tail skips them when they come back; on the embedded broker, where no other
 * node reads the topic, it does not publish them. When local delivery is off, or
 * {@value #LOCAL_QUEUE} events wait for it already, the sequencer publishes unmarked
 * events and they come through the topic.</li>
 * </ul>
 * For each event it drops cached membership when members changed, completes the waiting
 * command ({@link PendingReplies}) and hands the event to every
 * {@link SequencedEventListener}.
 *
 * <p>
 * Threads: the {@link TopicTail}'s thread, {@code parley-event-tail}, and the thread of
 * local deliveries, {@code parley-local-events}, call the listeners; each keeps the order
 * in which its events came (partition order, and the sequencer's order).
 */
@Component
class EventTail implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EventTail.class);

	/** Events that may wait for the local delivery thread. */
	static final int LOCAL_QUEUE = 10_000;

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

	private final Counter local;

	private final boolean localDelivery;

	private final byte[] origin;

	private volatile TopicTail<byte[]> tail;

	private volatile LocalDeliveries localDeliveries;

	EventTail(ConsumerFactory<?, ?> consumers, Topics topics, EventCodec codec, PendingReplies replies,
			Conversations conversations, ObjectProvider<SequencedEventListener> listeners, NodeIdentity node,
			MessagingProperties properties, MeterRegistry meters) {
		this.consumers = consumers;
		this.topics = topics;
		this.codec = codec;
		this.replies = replies;
		this.conversations = conversations;
		this.listenerProvider = listeners;
		this.node = node;
		this.localDelivery = properties.localDelivery();
		// 16 random bytes: on every event this node publishes, so no longer than needed
		UUID id = UUID.randomUUID();
		this.origin = ByteBuffer.allocate(16)
			.putLong(id.getMostSignificantBits())
			.putLong(id.getLeastSignificantBits())
			.array();
		this.events = Counter.builder("parley.events.tailed")
			.description("Events read from the events topic and handed to this node's listeners")
			.register(meters);
		this.local = Counter.builder("parley.events.local")
			.description("Events handed to this node's listeners straight from its sequencer")
			.register(meters);
		this.latency = Timer.builder("parley.events.latency")
			.description("Time from a command's acceptance to its event reaching this node")
			.publishPercentileHistogram()
			.register(meters);
	}

	@Override
	public void start() {
		this.listeners = this.listenerProvider.orderedStream().toList();
		if (this.localDelivery) {
			this.localDeliveries = new LocalDeliveries(LOCAL_QUEUE, (event) -> {
				this.local.increment();
				dispatch(event);
			});
		}
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
		LocalDeliveries deliveries = this.localDeliveries;
		this.localDeliveries = null;
		if (deliveries != null) {
			try {
				if (!deliveries.stop(10, TimeUnit.SECONDS)) {
					log.warn("Local event deliveries did not finish within 10 s");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Hands a stored batch's events to this node's listeners, in order, on the local
	 * delivery thread; called by the sequencer once they are stored (committed). Returns
	 * the origin to mark them with when they are published, so that this tail skips them
	 * when they come back, or {@code null} when they were not taken (local delivery off,
	 * not running, or {@value #LOCAL_QUEUE} events waiting already): then they must come
	 * through the topic.
	 */
	byte[] deliverLocally(List<SequencedEvent> events) {
		LocalDeliveries deliveries = this.localDeliveries;
		if (deliveries == null || events.isEmpty() || !deliveries.offer(events)) {
			return null;
		}
		return this.origin;
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
		if (EventCodec.hasOrigin(record, this.origin)) {
			// delivered here by deliverLocally before it was published
			return;
		}
		SequencedEvent event = this.codec.event(record);
		if (event == null) {
			log.warn("Skipping unreadable event at {}-{}@{}", record.topic(), record.partition(), record.offset());
			return;
		}
		this.events.increment();
		dispatch(event);
	}

	private void dispatch(SequencedEvent event) {
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
