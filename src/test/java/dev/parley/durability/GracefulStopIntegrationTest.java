package dev.parley.durability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
 * A node stopped by SIGTERM (what a service manager sends) while messages are in flight
 * stops in order: its sequencer, tails and sessions finish against an open database, the
 * sequencer commits its last offsets, and the sessions it closes are not taken for slow
 * clients, so the stop logs no error and none of those warnings. The embedded database
 * closes only after the application, not in a shutdown hook of its own beside Spring's.
 * Started again, the node delivers every message acknowledged before the stop once, in
 * order.
 */
@Tag("integration")
@Timeout(300)
class GracefulStopIntegrationTest {

	@TempDir
	Path dataDir;

	@Test
	void stopsWithoutErrorsWhileMessagesAreInFlight() throws Exception {
		Path log = Path.of("target", "graceful-stop.log");
		Files.deleteIfExists(log);
		TestUser bob;
		Set<String> acked;
		try (ParleyProcess parley = ParleyProcess.start(this.dataDir, log, "--parley.gateway.frame-burst=5000",
				"--parley.messaging.send-burst=5000")) {
			TestUser ann = TestUsers.signUp(parley.port());
			bob = TestUsers.signUp(parley.port());
			try (TestClient annClient = TestClient.ready(parley.port(), ann.token());
					TestClient bobClient = TestClient.ready(parley.port(), bob.token())) {
				CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
					for (int i = 0; i < 5000 && !annClient.isClosed(); i++) {
						annClient.send(Map.of("type", "send", "id", "g-" + i, "to", bob.userId(), "body", "g" + i));
					}
				});
				Awaitility.await().until(() -> annClient.ofType("ack").size() >= 100);
				int exit = parley.stop();
				sender.exceptionally((ex) -> null).join();
				// the JVM's exit status after SIGTERM once every hook has run
				assertThat(exit).isEqualTo(143);
				acked = annClient.ofType("ack")
					.stream()
					.map((a) -> a.path("id").asString())
					.collect(Collectors.toSet());
			}
		}
		List<String> lines = Files.readAllLines(log);
		assertThat(lines).anyMatch((line) -> line.contains("Graceful shutdown complete"));
		assertThat(lines).noneMatch((line) -> line.contains(" ERROR ") || line.contains("Database is already closed")
				|| line.contains("Storing an inbound batch") || line.contains("Committing sequencer offsets failed")
				|| line.contains("Closing WebSocket session"));
		// and nothing acknowledged before the stop is lost or doubled across it (G1, G2)
		try (ParleyProcess parley = ParleyProcess.start(this.dataDir, log);
				TestClient bobClient = TestClient.authenticated(parley.port(), bob.token())) {
			bobClient.resume(Map.of());
			Delivered.eachAcknowledgedOnceInOrder(bobClient.ofType("message"), acked);
		}
	}

}
