package dev.parley.durability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.parley.ParleyProcess;
import dev.parley.TestApi;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * G1 and G3 when membership changes interleave with the sequencer's batches: a group
 * member is removed and added again over and over while she and another member send, and
 * the whole process is killed ({@code kill -9}) mid-stream. The sequencer's last batches
 * may not have reached the embedded database's file; it stores them again from the
 * inbound topic, and each must come out as before: every acknowledged message with the
 * number its {@code ack} carried (her sends accepted while she was a member stay
 * accepted), none of her refused sends delivered, and the conversation's numbers dense,
 * none twice.
 */
@Tag("integration")
@Timeout(300)
class CrashRecoveryMembershipIntegrationTest {

	@TempDir
	Path dataDir;

	@Test
	void keepsEveryAcknowledgedNumberWhenMembershipChangesInterleaveWithACrash() throws Exception {
		Path log = Path.of("target", "crash-recovery-membership.log");
		String[] unlimited = { "--parley.messaging.sends-per-second=100000", "--parley.messaging.send-burst=100000",
				"--parley.gateway.frames-per-second=100000", "--parley.gateway.frame-burst=100000" };
		TestUser bob;
		long groupId;
		Map<String, Long> acked = new HashMap<>();
		Set<String> refused = new HashSet<>();
		try (ParleyProcess parley = ParleyProcess.start(this.dataDir, log, unlimited)) {
			TestUser ann = TestUsers.signUp(parley.port());
			bob = TestUsers.signUp(parley.port());
			TestUser cat = TestUsers.signUp(parley.port());
			TestApi annApi = TestApi.as(parley.port(), ann.token());
			groupId = annApi
				.post("/api/v1/groups", Map.of("title", "churn", "memberIds", List.of(bob.userId(), cat.userId())))
				.body()
				.path("conversationId")
				.asLong();
			try (TestClient annClient = TestClient.ready(parley.port(), ann.token());
					TestClient catClient = TestClient.ready(parley.port(), cat.token())) {
				AtomicBoolean killed = new AtomicBoolean();
				CompletableFuture<Void> annSends = sends(annClient, "a-", groupId, killed);
				CompletableFuture<Void> catSends = sends(catClient, "c-", groupId, killed);
				// Ann removes Cat and adds her again, five times each, while both send;
				// each
				// time Cat is out one of her sends is refused, and each time she is back
				// one
				// is accepted, before the next change
				String members = "/api/v1/conversations/" + groupId + "/members";
				for (int change = 0; change < 10; change++) {
					boolean remove = change % 2 == 0;
					String answer = remove ? "error" : "ack";
					int status = remove ? annApi.delete(members + "/" + cat.userId()).status()
							: annApi.post(members, Map.of("userId", cat.userId())).status();
					assertThat(status).isLessThan(300);
					int seen = answered(catClient, answer);
					Awaitility.await()
						.atMost(Duration.ofSeconds(20))
						.pollInterval(Duration.ofMillis(1))
						.until(() -> answered(catClient, answer) > seen);
				}
				// then a stretch of batches that only H2's background writer stores, with
				// the kill in it
				int before = answered(annClient, "ack") + answered(catClient, "ack");
				Awaitility.await()
					.atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(1))
					.until(() -> answered(annClient, "ack") + answered(catClient, "ack") >= before + 100);
				parley.kill();
				killed.set(true);
				CompletableFuture.allOf(annSends, catSends).exceptionally((ex) -> null).join();
				for (TestClient client : List.of(annClient, catClient)) {
					client.ofType("ack").forEach((a) -> acked.put(a.path("id").asString(), a.path("seq").asLong()));
					client.ofType("error").forEach((e) -> refused.add(e.path("id").asString()));
				}
			}
		}
		assertThat(acked.keySet()).anyMatch((id) -> id.startsWith("c-")).anyMatch((id) -> id.startsWith("a-"));
		assertThat(refused).anyMatch((id) -> id.startsWith("c-"));
		try (ParleyProcess parley = ParleyProcess.start(this.dataDir, log, unlimited);
				TestClient bobClient = TestClient.authenticated(parley.port(), bob.token())) {
			bobClient.resume(Map.of());
			Delivered.awaitEveryAcknowledged(bobClient, acked.keySet());
			Delivered.eachWithItsAcknowledgedSeq(bobClient.ofType("message"), acked);
			// a refused send changed nothing, before the crash or after it
			assertThat(bobClient.ofType("message")).extracting((m) -> m.path("id").asString())
				.doesNotContainAnyElementsOf(refused);
			List<Long> seqs = bobClient.frames()
				.stream()
				.filter((f) -> f.path("conversationId").asLong() == groupId && f.has("seq"))
				.filter((f) -> List.of("message", "member").contains(f.path("type").asString()))
				.map((f) -> f.path("seq").asLong())
				.toList();
			assertThat(seqs).doesNotHaveDuplicates().isSorted().first().isEqualTo(1L);
			assertThat(seqs.get(seqs.size() - 1)).isEqualTo((long) seqs.size());
			assertThat(bobClient.ofType("member").stream().map((m) -> m.path("change").asString())).containsSubsequence(
					"removed", "added", "removed", "added", "removed", "added", "removed", "added", "removed", "added");
		}
	}

	/**
	 * Sends to the group until the process is killed, with at most 20 sends unanswered.
	 */
	private static CompletableFuture<Void> sends(TestClient client, String prefix, long groupId, AtomicBoolean killed) {
		return CompletableFuture.runAsync(() -> {
			for (int i = 0; i < 100_000 && !killed.get() && !client.isClosed(); i++) {
				int sent = i;
				Awaitility.await()
					.atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(1))
					.until(() -> killed.get() || answered(client, "ack") + answered(client, "error") >= sent - 20);
				client.send(Map.of("type", "send", "id", prefix + i, "conversationId", groupId, "body", prefix + i));
			}
		});
	}

	private static int answered(TestClient client, String type) {
		return client.ofType(type).size();
	}

}
