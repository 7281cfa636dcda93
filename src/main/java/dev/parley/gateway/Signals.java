package dev.parley.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.parley.conversations.Conversations;
import dev.parley.infra.NodeIdentity;
import dev.parley.infra.TopicTail;
import dev.parley.infra.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Typing and presence: published to the short-retention ephemeral topic, tailed by every
 * node from the end, pushed to the local sessions concerned, never stored. A typing
 * signal goes to the conversation's other members; a presence change to the users who
 * share a direct conversation with the user. A node's presence reports and heartbeats are
 * keyed by its node id, so they stay in order. Every node publishes a heartbeat with its
 * online users every 15 s, so presence heals after a node dies (its users go offline 45 s
 * later) and a new node learns who is online.
 *
 * <p>
 * Threads: a {@link TopicTail}, {@code parley-signals}, reads the topic; heartbeats run
 * on the gateway timer.
 */
@Component
class Signals implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Signals.class);

	private static final Duration HEARTBEAT = Duration.ofSeconds(15);

	private final ConsumerFactory<?, ?> consumers;

	private final KafkaTemplate<String, byte[]> kafka;

	private final Topics topics;

	private final NodeIdentity node;

	private final Conversations conversations;

	private final SessionRegistry sessions;

	private final JsonMapper json;

	private final Clock clock;

	private final GatewayScheduler scheduler;

	private final PresenceBook presence = new PresenceBook(HEARTBEAT.multipliedBy(3));

	private volatile TopicTail<byte[]> tail;

	Signals(ConsumerFactory<?, ?> consumers, KafkaTemplate<String, byte[]> kafka, Topics topics, NodeIdentity node,
			Conversations conversations, SessionRegistry sessions, JsonMapper json, Clock clock,
			GatewayScheduler scheduler) {
		this.consumers = consumers;
		this.kafka = kafka;
		this.topics = topics;
		this.node = node;
		this.conversations = conversations;
		this.sessions = sessions;
		this.json = json;
		this.clock = clock;
		this.scheduler = scheduler;
	}

	void typing(long userId, long conversationId) {
		publish(conversationId, new SignalFrame("typing", this.node.id(), conversationId, userId, true, now(), null));
	}

	void presence(long userId, boolean online) {
		publish(this.node.id(), new SignalFrame("presence", this.node.id(), 0, userId, online, now(), null));
	}

	/** The cluster-wide presence of a user as this node knows it. */
	ServerFrames.Presence presenceOf(long userId) {
		Instant now = this.clock.instant();
		boolean online = this.sessions.isOnline(userId) || this.presence.isOnline(userId, now);
		return new ServerFrames.Presence(userId, online, online ? null : this.presence.lastSeen(userId));
	}

	private void publish(Object key, SignalFrame frame) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topics.ephemeral(), String.valueOf(key),
				this.json.writeValueAsBytes(frame));
		record.headers().add("v", "1".getBytes(StandardCharsets.UTF_8));
		this.kafka.send(record);
	}

	private long now() {
		return this.clock.millis();
	}

	@Override
	public void start() {
		this.tail = TopicTail.start(this.consumers, this.topics.ephemeral(), this.node.id() + "-signals",
				"parley-signals", ByteArrayDeserializer.class, this::read);
		this.scheduler.executor()
			.scheduleWithFixedDelay(this::heartbeat, 0, HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void heartbeat() {
		if (this.tail != null) {
			publish(this.node.id(),
					new SignalFrame("heartbeat", this.node.id(), 0, 0, true, now(), this.sessions.onlineUsers()));
		}
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
		try {
			handle(this.json.readValue(record.value(), SignalFrame.class));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			log.warn("Skipping unreadable signal at {}-{}@{}", record.topic(), record.partition(), record.offset());
		}
	}

	private void handle(SignalFrame signal) {
		if ("typing".equals(signal.type())) {
			String frame = this.json
				.writeValueAsString(new ServerFrames.Typing(signal.conversationId(), signal.userId()));
			for (long member : this.conversations.memberIds(signal.conversationId())) {
				if (member != signal.userId()) {
					sendTo(member, frame);
				}
			}
		}
		else if ("presence".equals(signal.type())) {
			Instant at = Instant.ofEpochMilli(signal.time());
			if (this.presence.report(signal.userId(), signal.node(), signal.online(), at)) {
				String frame = this.json.writeValueAsString(presenceOf(signal.userId()));
				Set<Long> peers = this.conversations.directPeers(signal.userId());
				for (long peer : peers) {
					sendTo(peer, frame);
				}
			}
		}
		else if ("heartbeat".equals(signal.type()) && signal.users() != null) {
			this.presence.heartbeat(signal.node(), signal.users(), Instant.ofEpochMilli(signal.time()));
		}
	}

	private void sendTo(long userId, String frame) {
		for (ClientSession session : this.sessions.sessionsOf(userId)) {
			if (session.dialect().liveSignals()) {
				session.send(frame);
			}
		}
	}

}
