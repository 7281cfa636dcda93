package dev.parley.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.parley.InboundCommands;
import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import dev.parley.TopicRecords;
import dev.parley.infra.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command the store refuses, put straight into the inbound topic past the edges'
 * checks, between healthy commands of its own conversation and of another conversation on
 * the same inbound partition: the healthy ones are stored in order with dense sequence
 * numbers and both conversations go on; the refused one is answered with
 * {@code validation_failed} to its waiting sender, lands on the dead-letter topic with
 * where it came from, and is counted. H2 here (a body longer than the events table's
 * column), PostgreSQL in the subclass (a body with U+0000). A record that is no complete
 * command is set aside too, and the next command takes the next sequence number.
 */
@ParleyIntegrationTest
class DeadLetterIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	Topics topics;

	@Autowired
	PendingReplies replies;

	@Autowired
	MeterRegistry meters;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	/** A message body the database refuses to store. */
	String refusedBody() {
		return "x".repeat(4001);
	}

	@Test
	void setsAsideACommandTheStoreRefusesAndKeepsItsPartitionFlowing() throws Exception {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		double deadBefore = deadLetters("refused");
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobClient = TestClient.ready(this.port, bob.token())) {
			annClient.send(Map.of("type", "send", "id", "d-1", "to", bob.userId(), "body", "one"));
			long direct = annClient.await("ack").path("conversationId").asLong();
			long group = groupOnTheSamePartition(ann, bob, direct);

			String inbound = this.topics.inbound();
			send(InboundCommands.send(inbound, direct, ann.userId(), ann.deviceId(), "d-2", "two"));
			send(InboundCommands.send(inbound, group, ann.userId(), ann.deviceId(), "g-1", "first"));
			ProducerRecord<String, byte[]> poison = InboundCommands.send(inbound, direct, ann.userId(), ann.deviceId(),
					"d-bad", refusedBody());
			CompletableFuture<RecordMetadata> poisonSent = new CompletableFuture<>();
			CompletableFuture<SequencedEvent> reply = this.replies.await(
					new PendingReplies.Key(ann.userId(), direct, "d-bad"),
					new InboundCommand.Send(direct, ann.userId(), ann.deviceId(), "d-bad", refusedBody()),
					Duration.ofSeconds(60),
					() -> this.kafka.send(poison)
						.thenApply(SendResult::getRecordMetadata)
						.whenComplete((metadata, ex) -> poisonSent.complete(metadata)));
			send(InboundCommands.send(inbound, direct, ann.userId(), ann.deviceId(), "d-3", "three"));
			send(InboundCommands.send(inbound, group, ann.userId(), ann.deviceId(), "g-2", "second"));

			SequencedEvent rejection = reply.get(60, TimeUnit.SECONDS);
			assertThat(rejection.kind()).isEqualTo(EventKind.REJECTED);
			assertThat(rejection.body()).isEqualTo("validation_failed");

			annClient.send(Map.of("type", "send", "id", "d-4", "to", bob.userId(), "body", "four"));
			assertThat(annClient.await((f) -> "d-4".equals(f.path("id").asString())).path("seq").asLong()).isEqualTo(4);
			bobClient.await((f) -> "d-4".equals(f.path("id").asString()));
			assertThat(messagesOf(bobClient, direct)).containsExactly("d-1@1", "d-2@2", "d-3@3", "d-4@4");
			List<String> inGroup = messagesOf(bobClient, group);
			assertThat(inGroup).hasSize(2);
			assertThat(inGroup.get(0)).startsWith("g-1@");
			long first = Long.parseLong(inGroup.get(0).substring(4));
			assertThat(inGroup.get(1)).isEqualTo("g-2@" + (first + 1));

			RecordMetadata original = poisonSent.get(20, TimeUnit.SECONDS);
			List<ConsumerRecord<String, byte[]>> dead = deadLettersOf(direct);
			assertThat(dead).hasSize(1);
			ConsumerRecord<String, byte[]> letter = dead.get(0);
			assertThat(letter.value()).isEqualTo(poison.value());
			assertThat(TopicRecords.header(letter, "parley.dlt.reason")).isEqualTo("refused");
			assertThat(TopicRecords.header(letter, "parley.dlt.topic")).isEqualTo(inbound);
			assertThat(TopicRecords.header(letter, "parley.dlt.partition"))
				.isEqualTo(String.valueOf(original.partition()));
			assertThat(TopicRecords.header(letter, "parley.dlt.offset")).isEqualTo(String.valueOf(original.offset()));
			assertThat(TopicRecords.header(letter, "parley.dlt.node")).isNotBlank();
			assertThat(TopicRecords.header(letter, "v")).isEqualTo("1");
			assertThat(deadLetters("refused")).isEqualTo(deadBefore + 1);
		}
	}

	@Test
	void setsAsideARecordThatIsNoCommandAndStoresTheNextOne() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		double deadBefore = deadLetters("unreadable");
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobClient = TestClient.ready(this.port, bob.token())) {
			annClient.send(Map.of("type", "send", "id", "u-1", "to", bob.userId(), "body", "one"));
			long direct = annClient.await("ack").path("conversationId").asLong();
			String inbound = this.topics.inbound();
			send(InboundCommands.raw(inbound, direct, "{\"type\":\"send\",\"conversationId\":".getBytes()));
			send(InboundCommands.send(inbound, direct, ann.userId(), ann.deviceId(), "u-2", null));
			annClient.send(Map.of("type", "send", "id", "u-3", "to", bob.userId(), "body", "three"));
			bobClient.await((f) -> "u-3".equals(f.path("id").asString()));
			assertThat(messagesOf(bobClient, direct)).containsExactly("u-1@1", "u-3@2");
			assertThat(deadLettersOf(direct, 2)).hasSize(2)
				.allSatisfy((letter) -> assertThat(TopicRecords.header(letter, "parley.dlt.reason"))
					.isEqualTo("unreadable"));
			assertThat(deadLetters("unreadable")).isEqualTo(deadBefore + 2);
		}
	}

	private void send(ProducerRecord<String, byte[]> record) {
		InboundCommands.produce(this.kafka, record);
	}

	/** A new group of ann and bob whose inbound partition is the conversation's. */
	private long groupOnTheSamePartition(TestUser ann, TestUser bob, long conversationId) {
		TestApi api = TestApi.as(this.port, ann.token());
		int partitions = this.kafka.partitionsFor(this.topics.inbound()).size();
		int wanted = partition(conversationId, partitions);
		for (int i = 0; i < 200; i++) {
			long group = api.post("/api/v1/groups", Map.of("title", "g" + i, "memberIds", List.of(bob.userId())))
				.body()
				.path("conversationId")
				.asLong();
			if (partition(group, partitions) == wanted) {
				return group;
			}
		}
		throw new IllegalStateException("No group on partition " + wanted);
	}

	/** Kafka's default partition of a keyed record. */
	private static int partition(long conversationId, int partitions) {
		return Utils.toPositive(Utils.murmur2(String.valueOf(conversationId).getBytes())) % partitions;
	}

	/** The client's message frames of a conversation as {@code id@seq}, in order. */
	private static List<String> messagesOf(TestClient client, long conversationId) {
		List<String> messages = new ArrayList<>();
		for (JsonNode frame : client.ofType("message")) {
			if (frame.path("conversationId").asLong() == conversationId) {
				messages.add(frame.path("id").asString() + "@" + frame.path("seq").asLong());
			}
		}
		return messages;
	}

	private List<ConsumerRecord<String, byte[]>> deadLettersOf(long conversationId) {
		return deadLettersOf(conversationId, 1);
	}

	/** The dead letters of the conversation, once there are at least {@code count}. */
	private List<ConsumerRecord<String, byte[]>> deadLettersOf(long conversationId, int count) {
		String bootstrap = String.join(",", this.kafkaConnection.getBootstrapServers());
		List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
			letters.clear();
			TopicRecords.all(bootstrap, this.topics.deadLetters())
				.stream()
				.filter((record) -> String.valueOf(conversationId).equals(record.key()))
				.forEach(letters::add);
			return letters.size() >= count;
		});
		return letters;
	}

	private double deadLetters(String reason) {
		var counter = this.meters.find("parley.sequencer.dead.letters").tag("reason", reason).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
