package dev.parley.durability;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.parley.ParleyProcess;
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
 * G1 on the embedded default: {@code kill -9} of the whole process (application,
 * in-process broker and H2 at once) while messages are in flight loses no acknowledged
 * message, and the restarted server delivers each exactly once, in order, with dense
 * sequence numbers: each the number its {@code ack} carried.
 */
@Tag("integration")
@Timeout(300)
class CrashRecoveryIntegrationTest {

	@TempDir
	Path dataDir;

	@Test
	void losesNoAcknowledgedMessageWhenTheProcessIsKilled() throws Exception {
		Path log = Path.of("target", "crash-recovery.log");
		TestUser ann;
		TestUser bob;
		Map<String, Long> acked;
		int sent;
		try (ParleyProcess parley = ParleyProcess.start(this.dataDir, log)) {
			ann = TestUsers.signUp(parley.port());
			bob = TestUsers.signUp(parley.port());
			try (TestClient annClient = TestClient.ready(parley.port(), ann.token())) {
				AtomicInteger count = new AtomicInteger();
				CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
					for (int i = 0; i < 5000 && !annClient.isClosed(); i++) {
						annClient
							.send(Map.of("type", "send", "id", "k-" + i, "to", bob.userId(), "body", "crash " + i));
						count.incrementAndGet();
					}
				});
				Awaitility.await().until(() -> annClient.ofType("ack").size() >= 150);
				parley.kill();
				sender.exceptionally((ex) -> null).join();
				sent = count.get();
				acked = annClient.ofType("ack")
					.stream()
					.collect(Collectors.toMap((a) -> a.path("id").asString(), (a) -> a.path("seq").asLong(),
							(a, b) -> a));
			}
		}
		assertThat(acked).hasSizeGreaterThanOrEqualTo(150).hasSizeLessThan(sent);
		try (ParleyProcess parley = ParleyProcess.start(this.dataDir, log);
				TestClient bobClient = TestClient.authenticated(parley.port(), bob.token())) {
			bobClient.resume(Map.of());
			Delivered.awaitEveryAcknowledged(bobClient, acked.keySet());
			Delivered.eachAcknowledgedOnceInOrder(bobClient.ofType("message"), acked.keySet());
			Delivered.eachWithItsAcknowledgedSeq(bobClient.ofType("message"), acked);
		}
	}

}
