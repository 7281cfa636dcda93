package dev.parley.messaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.parley.ParleyNode;
import dev.parley.TestApi;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import dev.parley.TopicRecords;
import dev.parley.infra.Topics;
import dev.parley.infra.internal.TestKafkaBroker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events stored by this node's sequencer reach this node's sessions straight from it. On
 * an external Kafka they are published marked with the node's origin, for the other
 * nodes, and this node's tail skips them, so each reaches a session once; on the embedded
 * broker, which no other node reads, they are not published at all. Events from elsewhere
 * (membership changes here) still come through the tail. With the switch off every event
 * comes through the tail (SequencerFailureIntegrationTest runs so).
 */
@Tag("integration")
@Timeout(120)
class LocalDeliveryIntegrationTest {

	private static final int MESSAGES = 30;

	private static final int GROUP_MESSAGES = 150;

	private static final int ADDED = 10;

	@TempDir
	Path dataDir;

	@Test
	void deliversWhatItsSequencerStoredWithoutReadingItBackFromTheTopic() {
		try (TestKafkaBroker broker = TestKafkaBroker.start(this.dataDir.resolve("kafka"));
				ParleyNode node = ParleyNode.start(this.dataDir.resolve("node"),
						"spring.kafka.bootstrap-servers=" + broker.bootstrapServers())) {
			MeterRegistry meters = node.context().getBean(MeterRegistry.class);
			String events = node.context().getBean(Topics.class).events();
			TestUser ann = TestUsers.signUp(node.port());
			TestUser bob = TestUsers.signUp(node.port());
			try (TestClient annClient = TestClient.ready(node.port(), ann.token());
					TestClient bobClient = TestClient.ready(node.port(), bob.token())) {
				for (int i = 0; i < MESSAGES; i++) {
					annClient.send(Map.of("type", "send", "id", "m-" + i, "to", bob.userId(), "body", "local " + i));
				}
				List<JsonNode> acks = annClient.awaitCount("ack", MESSAGES);
				List<JsonNode> received = bobClient.awaitCount("message", MESSAGES);
				long conversationId = acks.get(0).path("conversationId").asLong();
				assertThat(received).extracting((m) -> m.path("seq").asLong()).isSorted().doesNotHaveDuplicates();

				Awaitility.await()
					.until(() -> TopicRecords.events(node.bootstrapServers(), events, conversationId, "message")
						.size() == MESSAGES);
				assertThat(TopicRecords.events(node.bootstrapServers(), events, conversationId, "message"))
					.allSatisfy((record) -> assertThat(record.headers().lastHeader("o")).isNotNull());
				assertThat(meters.counter("parley.events.local").count()).isGreaterThanOrEqualTo(MESSAGES);
				Awaitility.await()
					.until(() -> (long) meters.counter("parley.events.tailed").count() == unmarked(node, events));

				annClient.send(Map.of("type", "send", "id", "last", "to", bob.userId(), "body", "after the check"));
				bobClient.awaitCount("message", MESSAGES + 1);
				assertThat(bobClient.ofType("message")).hasSize(MESSAGES + 1);
				assertThat(annClient.ofType("ack")).hasSize(MESSAGES + 1);
			}
		}
	}

	/**
	 * Alone on the embedded broker, the node publishes none of the events it delivered
	 * itself; membership events still go through the topic.
	 */
	@Test
	void publishesNothingItDeliveredWhenNoOtherNodeReadsTheTopic() throws Exception {
		try (ParleyNode node = ParleyNode.start(this.dataDir)) {
			MeterRegistry meters = node.context().getBean(MeterRegistry.class);
			Topics topics = node.context().getBean(Topics.class);
			TestUser ann = TestUsers.signUp(node.port());
			TestUser bob = TestUsers.signUp(node.port());
			long group = TestApi.as(node.port(), ann.token())
				.post("/api/v1/groups", Map.of("title", "Alone", "memberIds", List.of(bob.userId())))
				.body()
				.path("conversationId")
				.asLong();
			try (TestClient annClient = TestClient.ready(node.port(), ann.token());
					TestClient bobClient = TestClient.ready(node.port(), bob.token())) {
				for (int i = 0; i < MESSAGES; i++) {
					annClient.send(Map.of("type", "send", "id", "a-" + i, "conversationId", group, "body", "" + i));
				}
				annClient.awaitCount("ack", MESSAGES);
				assertThat(bobClient.awaitCount("message", MESSAGES)).extracting((m) -> m.path("seq").asLong())
					.isSorted()
					.doesNotHaveDuplicates();
				// the sequencer commits a batch's offsets once what it publishes is
				// acknowledged
				Awaitility.await().until(() -> sequencerCaughtUp(node, topics.inbound()));
				assertThat(TopicRecords.events(node.bootstrapServers(), topics.events(), group, "message")).isEmpty();
				assertThat(TopicRecords.events(node.bootstrapServers(), topics.events(), group, "member")).isNotEmpty();
				assertThat(meters.counter("parley.events.local").count()).isGreaterThanOrEqualTo(MESSAGES);
				assertThat(meters.counter("parley.sequencer.events").count()).isGreaterThanOrEqualTo(MESSAGES);
			}
		}
	}

	/**
	 * G3 across the two paths: messages come from the local thread and membership events
	 * from the tail, so a message may reach a session before the membership event
	 * sequenced just before it. The session fills the gap from the database and drops the
	 * late copy: a member sees every event once, in dense order.
	 */
	@Test
	void aMemberSeesMessagesAndMembershipChangesInOneDenseOrder() throws Exception {
		try (ParleyNode node = ParleyNode.start(this.dataDir)) {
			TestUser ann = TestUsers.signUp(node.port());
			TestUser cat = TestUsers.signUp(node.port());
			List<TestUser> added = new ArrayList<>();
			for (int i = 0; i < ADDED; i++) {
				added.add(TestUsers.signUp(node.port()));
			}
			TestApi annApi = TestApi.as(node.port(), ann.token());
			long group = annApi.post("/api/v1/groups", Map.of("title", "Busy", "memberIds", List.of(cat.userId())))
				.body()
				.path("conversationId")
				.asLong();
			ExecutorService adder = Executors.newSingleThreadExecutor();
			try (TestClient annClient = TestClient.ready(node.port(), ann.token());
					TestClient catClient = TestClient.ready(node.port(), cat.token())) {
				Future<?> adding = adder.submit(() -> {
					for (TestUser user : added) {
						assertThat(annApi
							.post("/api/v1/conversations/" + group + "/members", Map.of("userId", user.userId()))
							.status()).isEqualTo(200);
					}
				});
				for (int i = 0; i < GROUP_MESSAGES; i++) {
					annClient
						.send(Map.of("type", "send", "id", "g-" + i, "conversationId", group, "body", "busy " + i));
				}
				adding.get(60, TimeUnit.SECONDS);
				catClient.awaitCount("message", GROUP_MESSAGES);
				Awaitility.await()
					.until(() -> catClient.ofType("member")
						.stream()
						.filter((f) -> "added".equals(f.path("change").asString()))
						.count() == ADDED);
				List<Long> seqs = catClient.frames()
					.stream()
					.filter((f) -> f.has("seq") && f.path("conversationId").asLong() == group)
					.map((f) -> f.path("seq").asLong())
					.toList();
				assertThat(seqs).isSorted().doesNotHaveDuplicates();
				assertThat(seqs).hasSize(GROUP_MESSAGES + ADDED + 1).first().isEqualTo(1L);
				assertThat(seqs).last().isEqualTo((long) (GROUP_MESSAGES + ADDED + 1));
			}
			finally {
				adder.shutdownNow();
			}
		}
	}

	/** Whether the sequencer group has committed every inbound record. */
	private static boolean sequencerCaughtUp(ParleyNode node, String inbound) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()))) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(Sequencer.GROUP)
				.partitionsToOffsetAndMetadata()
				.get();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			admin.describeTopics(List.of(inbound))
				.allTopicNames()
				.get()
				.get(inbound)
				.partitions()
				.forEach((info) -> latest.put(new TopicPartition(inbound, info.partition()), OffsetSpec.latest()));
			Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
			return ends.entrySet().stream().allMatch((end) -> {
				OffsetAndMetadata done = committed.get(end.getKey());
				long read = (done != null) ? done.offset() : 0;
				return read == end.getValue().offset();
			});
		}
	}

	/** Records of the topic that this node's tail must hand on itself. */
	private static long unmarked(ParleyNode node, String topic) {
		return TopicRecords.all(node.bootstrapServers(), topic)
			.stream()
			.filter((record) -> record.headers().lastHeader("o") == null)
			.count();
	}

}
