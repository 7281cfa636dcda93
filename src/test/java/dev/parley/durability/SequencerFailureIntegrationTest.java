package dev.parley.durability;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.parley.ParleyNode;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import dev.parley.TopicRecords;
import dev.parley.infra.Topics;
import dev.parley.infra.internal.TestKafkaBroker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * G1 and G2 when the sequencer's work fails for a while, at either of its two steps:
 * Kafka refuses the sequenced events (the broker is told to take no record on the events
 * topic: its largest record becomes 64 bytes), so every publish fails after the batch is
 * stored; or the database times out (another transaction holds the lock on every
 * conversation's sequence row), so every store fails. The sequencer reads those batches
 * again until they go through, and sets none of their commands aside: these failures are
 * transient.
 *
 * <p>
 * Where the senders wait for the events topic (a store that fails; a publish that fails,
 * with local delivery off, as for senders on other nodes), those whose wait ran out
 * resend with the same ids (their waits are counted as timed out, not as refused by
 * Kafka). With local delivery on an external Kafka (where other nodes read the topic, so
 * the sequencer publishes what it delivered), the sequencer's own node acknowledges and
 * delivers what is stored while the publish fails, and the events reach the topic once
 * Kafka takes them. Every message ends up acknowledged and delivered exactly once, in
 * order, with dense sequence numbers.
 */
@Tag("integration")
@Timeout(300)
class SequencerFailureIntegrationTest {

	private static final int BEFORE = 20;

	private static final int DURING = 60;

	@TempDir
	Path dataDir;

	@Test
	void deliversEveryMessageOnceWhenPublishingEventsFailsForAWhile() throws Throwable {
		try (ParleyNode node = ParleyNode.start(this.dataDir, "parley.messaging.reply-timeout=2s",
				"parley.messaging.local-delivery=false");
				Admin admin = Admin
					.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()))) {
			String events = node.context().getBean(Topics.class).events();
			deliversEveryMessageOnceAcross(node, () -> LargestRecord.set(admin, events, LargestRecord.REFUSING),
					() -> LargestRecord.set(admin, events, null));
			assertThat(node.context().getBean(MeterRegistry.class).counter("parley.events.local").count()).isZero();
		}
	}

	@Test
	void acknowledgesAndDeliversOnTheSequencersNodeWhilePublishingEventsFails() throws Throwable {
		try (TestKafkaBroker broker = TestKafkaBroker.start(this.dataDir.resolve("kafka"));
				ParleyNode node = ParleyNode.start(this.dataDir.resolve("node"), "parley.messaging.reply-timeout=2s",
						"spring.kafka.bootstrap-servers=" + broker.bootstrapServers());
				Admin admin = Admin
					.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()))) {
			String events = node.context().getBean(Topics.class).events();
			MeterRegistry meters = node.context().getBean(MeterRegistry.class);
			TestUser ann = TestUsers.signUp(node.port());
			TestUser bob = TestUsers.signUp(node.port());
			long conversationId;
			try (TestClient annClient = TestClient.ready(node.port(), ann.token());
					TestClient bobClient = TestClient.ready(node.port(), bob.token())) {
				for (int i = 0; i < BEFORE; i++) {
					send(annClient, bob, i);
				}
				conversationId = annClient.awaitCount("ack", BEFORE).get(0).path("conversationId").asLong();

				LargestRecord.set(admin, events, LargestRecord.REFUSING);
				for (int i = BEFORE; i < BEFORE + DURING; i++) {
					send(annClient, bob, i);
				}
				annClient.awaitCount("ack", BEFORE + DURING);
				List<JsonNode> received = bobClient.awaitCount("message", BEFORE + DURING);
				Awaitility.await().until(() -> meters.counter("parley.sequencer.failures").count() > 0);
				assertThat(annClient.ofType("error")).isEmpty();
				assertThat(received).extracting((m) -> m.path("id").asString())
					.containsExactlyElementsOf(expectedIds());
				assertThat(received).extracting((m) -> m.path("seq").asLong())
					.containsExactlyElementsOf(expectedSeqs());

				LargestRecord.set(admin, events, null);
				Awaitility.await()
					.atMost(Duration.ofSeconds(60))
					.until(() -> messageSeqsIn(node, events, conversationId).equals(Set.copyOf(expectedSeqs())));
				assertThat(bobClient.ofType("message")).hasSize(BEFORE + DURING);
				assertThat(annClient.ofType("ack")).hasSize(BEFORE + DURING);
				assertThat(meters.counter("parley.messages.unconfirmed", "reason", "timeout").count()).isZero();
			}
			try (TestClient late = TestClient.authenticated(node.port(), bob.token())) {
				late.resume(Map.of());
				assertThat(late.ofType("message")).extracting((m) -> m.path("id").asString())
					.containsExactlyElementsOf(expectedIds());
			}
		}
	}

	@Test
	void deliversEveryMessageOnceWhenStoringEventsTimesOutForAWhile() throws Throwable {
		try (ParleyNode node = ParleyNode.start(this.dataDir, "parley.messaging.reply-timeout=2s")) {
			DataSource dataSource = node.context().getBean(DataSource.class);
			AtomicReference<Connection> holder = new AtomicReference<>();
			deliversEveryMessageOnceAcross(node, () -> {
				Connection connection = dataSource.getConnection();
				connection.setAutoCommit(false);
				try (Statement statement = connection.createStatement()) {
					statement.executeQuery("SELECT * FROM sequences FOR UPDATE").close();
				}
				holder.set(connection);
			}, () -> {
				try (Connection connection = holder.get()) {
					connection.rollback();
				}
			});
			assertThat(TopicRecords.all(node.bootstrapServers(), node.context().getBean(Topics.class).deadLetters()))
				.isEmpty();
		}
	}

	/**
	 * Sends some messages, then more while {@code refuse} is in force, lifts it with
	 * {@code allow}, resends what was refused and checks that every message arrived once.
	 */
	private void deliversEveryMessageOnceAcross(ParleyNode node, Executable refuse, Executable allow) throws Throwable {
		MeterRegistry meters = node.context().getBean(MeterRegistry.class);
		TestUser ann = TestUsers.signUp(node.port());
		TestUser bob = TestUsers.signUp(node.port());
		try (TestClient annClient = TestClient.ready(node.port(), ann.token());
				TestClient bobClient = TestClient.ready(node.port(), bob.token())) {
			for (int i = 0; i < BEFORE; i++) {
				send(annClient, bob, i);
			}
			annClient.awaitCount("ack", BEFORE);

			refuse.execute();
			for (int i = BEFORE; i < BEFORE + DURING; i++) {
				send(annClient, bob, i);
			}
			Awaitility.await().until(() -> annClient.ofType("error").size() >= DURING / 2);
			Awaitility.await().until(() -> meters.counter("parley.sequencer.failures").count() > 0);
			assertThat(annClient.ofType("error"))
				.allSatisfy((error) -> assertThat(error.path("code").asString()).isEqualTo("unavailable"));
			Awaitility.await()
				.until(() -> meters.counter("parley.messages.unconfirmed", "reason", "timeout").count() >= DURING / 2);
			assertThat(meters.counter("parley.messages.unconfirmed", "reason", "refused").count()).isZero();
			assertThat(bobClient.ofType("message")).hasSize(BEFORE);

			allow.execute();
			Awaitility.await().until(() -> bobClient.ofType("message").size() >= BEFORE + DURING);
			Awaitility.await().until(() -> answered(annClient).size() == BEFORE + DURING);
			// as a client does: what was refused is sent again with its id until
			// acknowledged
			// (a node catching up on its backlog refuses new commands for a moment)
			Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
				Set<String> acked = ids(annClient, "ack");
				for (String id : ids(annClient, "error")) {
					if (!acked.contains(id)) {
						send(annClient, bob, Integer.parseInt(id.substring(2)));
					}
				}
				return acked.size() == BEFORE + DURING;
			});

			List<JsonNode> received = bobClient.ofType("message");
			List<String> order = received.stream().map((m) -> m.path("id").asString()).toList();
			List<Long> seqs = received.stream().map((m) -> m.path("seq").asLong()).toList();
			assertThat(order).containsExactlyElementsOf(expectedIds());
			assertThat(seqs).first().isEqualTo(1L);
			assertThat(seqs).isSorted().doesNotHaveDuplicates().last().isEqualTo((long) (BEFORE + DURING));
			assertThat(meters.find("parley.sequencer.dead.letters").counters()).hasSize(3)
				.allSatisfy((counter) -> assertThat(counter.count()).isZero());
			assertThat(annClient.ofType("ack")).allSatisfy((ack) -> {
				int i = Integer.parseInt(ack.path("id").asString().substring(2));
				assertThat(ack.path("seq").asLong()).isEqualTo(i + 1L);
			});
		}
		try (TestClient late = TestClient.authenticated(node.port(), bob.token())) {
			late.resume(Map.of());
			assertThat(late.ofType("message")).extracting((m) -> m.path("id").asString())
				.containsExactlyElementsOf(expectedIds());
		}
	}

	private static void send(TestClient client, TestUser to, int i) {
		client.send(Map.of("type", "send", "id", "m-" + i, "to", to.userId(), "body", "refused " + i));
	}

	private static Set<String> answered(TestClient client) {
		Set<String> ids = ids(client, "ack");
		ids.addAll(ids(client, "error"));
		return ids;
	}

	private static Set<String> ids(TestClient client, String type) {
		return client.ofType(type).stream().map((f) -> f.path("id").asString()).collect(Collectors.toSet());
	}

	/** The sequence numbers of the conversation's message events in the events topic. */
	private static Set<Long> messageSeqsIn(ParleyNode node, String topic, long conversationId) {
		return TopicRecords.events(node.bootstrapServers(), topic, conversationId, "message")
			.stream()
			.map((record) -> Long.parseLong(TopicRecords.header(record, "s")))
			.collect(Collectors.toSet());
	}

	private static List<Long> expectedSeqs() {
		List<Long> seqs = new ArrayList<>();
		for (long seq = 1; seq <= BEFORE + DURING; seq++) {
			seqs.add(seq);
		}
		return seqs;
	}

	private static List<String> expectedIds() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < BEFORE + DURING; i++) {
			ids.add("m-" + i);
		}
		return ids;
	}

}
