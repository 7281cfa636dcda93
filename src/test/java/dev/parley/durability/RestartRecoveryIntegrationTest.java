package dev.parley.durability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.parley.ParleyNode;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * G1, G2, G4 across a stop and start of the whole embedded stack: a node stopped while
 * messages are in flight, restarted on the same data directory, delivers every
 * acknowledged message exactly once, and a resend of what was not acknowledged counts
 * once.
 */
@Tag("integration")
@Timeout(300)
class RestartRecoveryIntegrationTest {

	@TempDir
	Path dataDir;

	@Test
	void deliversEveryAcknowledgedMessageOnceAfterARestart() {
		TestUser ann;
		TestUser bob;
		Set<String> acked;
		int sent;
		try (ParleyNode node = ParleyNode.start(this.dataDir, "parley.gateway.frame-burst=5000",
				"parley.messaging.send-burst=5000")) {
			ann = TestUsers.signUp(node.port());
			bob = TestUsers.signUp(node.port());
			try (TestClient annClient = TestClient.ready(node.port(), ann.token())) {
				AtomicInteger count = new AtomicInteger();
				CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
					for (int i = 0; i < 3000 && !annClient.isClosed(); i++) {
						annClient.send(Map.of("type", "send", "id", "r-" + i, "to", bob.userId(), "body", "r" + i));
						count.incrementAndGet();
					}
				});
				Awaitility.await().until(() -> annClient.ofType("ack").size() >= 100);
				node.close();
				assertThat(annClient.awaitClose()).isEqualTo(1001);
				sender.exceptionally((ex) -> null).join();
				sent = count.get();
				acked = annClient.ofType("ack")
					.stream()
					.map((a) -> a.path("id").asString())
					.collect(Collectors.toSet());
			}
		}
		assertThat(acked).hasSizeGreaterThanOrEqualTo(100);
		try (ParleyNode node = ParleyNode.start(this.dataDir, "parley.gateway.frame-burst=5000",
				"parley.messaging.send-burst=5000");
				TestClient annClient = TestClient.ready(node.port(), ann.token());
				TestClient bobClient = TestClient.authenticated(node.port(), bob.token())) {
			// what was not acknowledged goes out again with its id until it is, as a
			// client
			// does (a node catching up, or past its capacity, refuses some for a moment)
			Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
				Set<String> now = annClient.ofType("ack")
					.stream()
					.map((a) -> a.path("id").asString())
					.collect(Collectors.toSet());
				for (int i = 0; i < sent; i++) {
					if (!acked.contains("r-" + i) && !now.contains("r-" + i)) {
						annClient.send(Map.of("type", "send", "id", "r-" + i, "to", bob.userId(), "body", "r" + i));
					}
				}
				return now.size() == sent - acked.size();
			});
			bobClient.resume(Map.of());
			List<JsonNode> received = bobClient.awaitCount("message", sent);
			Awaitility.await().until(() -> bobClient.ofType("message").size() == sent);
			List<String> ids = received.stream().map((m) -> m.path("id").asString()).toList();
			List<Long> seqs = received.stream().map((m) -> m.path("seq").asLong()).toList();
			assertThat(ids).doesNotHaveDuplicates().containsAll(acked).hasSize(sent);
			assertThat(seqs).isSorted().doesNotHaveDuplicates();
			assertThat(seqs.get(seqs.size() - 1)).isEqualTo((long) sent);
		}
	}

}
