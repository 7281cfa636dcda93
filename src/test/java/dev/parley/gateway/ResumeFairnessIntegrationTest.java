package dev.parley.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One user resuming over and over, on many sockets at once, neither delays another user's
 * resume nor gets anything twice: a session replays once, a user's replays run one at a
 * time, and other users' replays take their turns beside them.
 */
@ParleyIntegrationTest
class ResumeFairnessIntegrationTest {

	private static final int FEEDERS = 10;

	private static final int PER_FEEDER = 200;

	private static final int SOCKETS = 8;

	@LocalServerPort
	int port;

	@Autowired
	GatewayProperties properties;

	@Autowired
	MeterRegistry meters;

	/**
	 * Mallory's sockets do not read, so each of her replays holds its resume thread until
	 * the send time limit (10 s) closes the socket (4408): before any of hers is closed,
	 * Bob's resume, asked for once all of hers are queued, has been answered. A socket
	 * that does not read never sees its close, so the test times Bob's answer against
	 * that limit.
	 */
	@Test
	void anotherUsersResumeDoesNotWaitBehindAUserFloodingResume() {
		TestUser mallory = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		String body = "x".repeat(4000);
		// Mallory's history: 2,000 messages of 4,000 characters, more than a socket holds
		for (int f = 0; f < FEEDERS; f++) {
			TestUser feeder = TestUsers.signUp(this.port);
			try (TestClient client = TestClient.ready(this.port, feeder.token())) {
				for (int i = 0; i < PER_FEEDER; i++) {
					client.send(Map.of("type", "send", "id", "f-" + i, "to", mallory.userId(), "body", body));
				}
				if (f == 0) {
					client.send(Map.of("type", "send", "id", "for-bob", "to", bob.userId(), "body", "hi Bob"));
				}
				client.awaitCount("ack", PER_FEEDER + ((f == 0) ? 1 : 0));
			}
		}

		List<TestClient> sockets = new ArrayList<>();
		try (TestClient bobClient = TestClient.authenticated(this.port, bob.token())) {
			for (int s = 0; s < SOCKETS; s++) {
				sockets.add(TestClient.authenticated(this.port, mallory.token()).stopReading());
			}
			long start = System.nanoTime();
			for (TestClient socket : sockets) {
				socket.send(Map.of("type", "resume", "positions", Map.of()));
				socket.send(Map.of("type", "resume", "positions", Map.of()));
			}
			// one of her replays runs, the others wait for it: none takes a second thread
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> this.meters.get("parley.gateway.resume.queued").gauge().value() == SOCKETS - 1);
			bobClient.resume(Map.of());
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(this.properties.sendTimeLimit());
			assertThat(bobClient.ofType("message")).extracting((m) -> m.path("id").asString())
				.containsExactly("for-bob");
		}
		finally {
			sockets.forEach(TestClient::close);
		}
	}

	@Test
	void answersEveryResumeOnASessionButReplaysOnlyOnce() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token())) {
			// within the frame and send bursts: none is refused
			for (int i = 0; i < 150; i++) {
				annClient.send(Map.of("type", "send", "id", "m-" + i, "to", bob.userId(), "body", "m" + i));
			}
			annClient.awaitCount("ack", 150);
		}
		try (TestClient bobClient = TestClient.authenticated(this.port, bob.token())) {
			bobClient.send(Map.of("type", "resume", "positions", Map.of()));
			bobClient.send(Map.of("type", "resume", "positions", Map.of()));
			bobClient.awaitCount("synced", 2);
			bobClient.resume(Map.of());
			long conversationId = bobClient.ofType("message").get(0).path("conversationId").asLong();
			bobClient.resume(Map.of(conversationId, 0L));
			bobClient.send(Map.of("type", "ping", "id", "after"));
			bobClient.await((frame) -> "after".equals(frame.path("id").asString()));

			List<JsonNode> messages = bobClient.ofType("message");
			assertThat(messages).extracting((m) -> m.path("seq").asLong()).hasSize(150).doesNotHaveDuplicates();
			assertThat(bobClient.ofType("synced")).hasSize(4);
		}
	}

}
