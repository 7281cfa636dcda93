package dev.parley.durability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.ParleyNode;
import dev.parley.TestApi;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import dev.parley.infra.internal.TestKafkaBroker;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * G4 and G5: two nodes on one broker and one database. People on different nodes chat
 * with nothing lost; when a node goes away, its clients reconnect to the other node and
 * resume with no gap and no duplicate, and resent messages count once.
 */
@Tag("integration")
@Timeout(300)
class TwoNodesIntegrationTest {

	@TempDir
	Path dir;

	@Test
	void chatsAcrossNodesAndResumesOnTheOtherNodeWhenOneGoesAway() {
		String database = "jdbc:h2:file:" + this.dir.resolve("db/shared").toAbsolutePath()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
		try (TestKafkaBroker broker = TestKafkaBroker.start(this.dir.resolve("kafka"));
				ParleyNode node2 = node("node-2", broker, database)) {
			ParleyNode node1 = node("node-1", broker, database);
			TestUser ann = TestUsers.signUp(node1.port());
			TestUser bob = TestUsers.signUp(node2.port());
			TestUser cat = TestUsers.signUp(node1.port());
			long group = TestApi.as(node2.port(), bob.token())
				.post("/api/v1/groups", Map.of("title", "Across", "memberIds", List.of(ann.userId(), cat.userId())))
				.body()
				.path("conversationId")
				.asLong();
			TestClient annClient = TestClient.ready(node1.port(), ann.token());
			TestClient catClient = TestClient.ready(node1.port(), cat.token());
			try (TestClient bobClient = TestClient.ready(node2.port(), bob.token())) {
				for (int i = 0; i < 100; i++) {
					annClient.send(Map.of("type", "send", "id", "a-" + i, "to", bob.userId(), "body", "a" + i));
				}
				List<JsonNode> direct = bobClient.awaitCount("message", 100);
				assertThat(direct).extracting((m) -> m.path("body").asString())
					.containsExactlyElementsOf(range("a", 0, 100));

				AtomicInteger bobSent = new AtomicInteger();
				CompletableFuture<Void> bobSending = CompletableFuture.runAsync(() -> {
					for (int i = 0; i < 300; i++) {
						bobClient
							.send(Map.of("type", "send", "id", "g-" + i, "conversationId", group, "body", "g" + i));
						bobSent.incrementAndGet();
					}
				});
				for (int i = 0; i < 200; i++) {
					annClient.send(Map.of("type", "send", "id", "b-" + i, "to", bob.userId(), "body", "b" + i));
				}
				Awaitility.await().until(() -> catClient.ofType("message").size() >= 20);
				node1.close();
				assertThat(catClient.awaitClose()).isEqualTo(1001);
				assertThat(annClient.awaitClose()).isEqualTo(1001);
				bobSending.join();

				long catPosition = catClient.ofType("message")
					.stream()
					.mapToLong((m) -> m.path("seq").asLong())
					.max()
					.orElseThrow();
				List<JsonNode> catBefore = catClient.ofType("message");
				try (TestClient catAgain = TestClient.authenticated(node2.port(), cat.token())
					.resume(Map.of(group, catPosition))) {
					List<JsonNode> catAfter = catAgain.awaitCount("message", 300 - catBefore.size());
					List<JsonNode> all = new ArrayList<>(catBefore);
					all.addAll(catAfter);
					assertThat(all).extracting((m) -> m.path("body").asString())
						.containsExactlyElementsOf(range("g", 0, 300));
					List<Long> seqs = all.stream().map((m) -> m.path("seq").asLong()).toList();
					assertThat(seqs).isSorted().doesNotHaveDuplicates();
					assertThat(seqs.get(seqs.size() - 1) - seqs.get(0)).isEqualTo(299);
				}

				Set<String> annAcked = new LinkedHashSet<>();
				annClient.ofType("ack").forEach((a) -> annAcked.add(a.path("id").asString()));
				try (TestClient annAgain = TestClient.ready(node2.port(), ann.token())) {
					for (int i = 0; i < 200; i++) {
						if (!annAcked.contains("b-" + i)) {
							annAgain.send(Map.of("type", "send", "id", "b-" + i, "to", bob.userId(), "body", "b" + i));
						}
					}
					annAgain.awaitCount("ack",
							200 - (int) annAcked.stream().filter((id) -> id.startsWith("b-")).count());
				}
				List<JsonNode> fromAnn = bobClient.awaitCount("message", 300).subList(0, 300);
				List<String> bodies = bobClient.ofType("message")
					.stream()
					.filter((m) -> m.path("conversationId").asLong() != group)
					.map((m) -> m.path("body").asString())
					.toList();
				assertThat(fromAnn).isNotEmpty();
				assertThat(bodies).doesNotHaveDuplicates().containsAll(range("b", 0, 200)).hasSize(300);
			}
		}
	}

	private ParleyNode node(String id, TestKafkaBroker broker, String database) {
		return ParleyNode.start(this.dir.resolve(id), "parley.node-id=" + id,
				"spring.kafka.bootstrap-servers=" + broker.bootstrapServers(), "spring.datasource.url=" + database,
				"parley.gateway.frame-burst=1000");
	}

	private static List<String> range(String prefix, int from, int to) {
		List<String> values = new ArrayList<>();
		for (int i = from; i < to; i++) {
			values.add(prefix + i);
		}
		return values;
	}

}
