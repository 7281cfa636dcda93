package dev.parley.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that pings without reading the pongs fills its socket with them; the
 * container's blocking send of the next pong then gives up after Parley's limit (200 ms,
 * {@link Gateway}) and the client is dropped, instead of holding the thread that read the
 * ping for Tomcat's default 20 s. Other clients are served meanwhile and after.
 */
@ParleyIntegrationTest
@TestPropertySource(properties = { "parley.gateway.frames-per-second=1000000", "parley.gateway.frame-burst=1000000" })
class UnreadPongsIntegrationTest {

	/** A ping's largest payload: 125 bytes. */
	private static final String PAYLOAD = "p".repeat(125);

	/** Well below Tomcat's 20 s default, well above Parley's 200 ms. */
	private static final Duration DROPPED_WITHIN = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Test
	void dropsAClientThatDoesNotReadItsPongs() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestUser cat = TestUsers.signUp(this.port);
		TestApi catApi = TestApi.as(this.port, cat.token());
		try (TestClient bobClient = TestClient.ready(this.port, bob.token());
				TestClient annClient = TestClient.ready(this.port, ann.token())) {
			bobClient.ping("before").awaitPong("before");
			bobClient.stopReading();
			AtomicInteger pings = new AtomicInteger();
			// pings until the connection is gone (a ping that can no longer be written
			// fails or never completes: the thread is left to the close below)
			CompletableFuture.runAsync(() -> {
				while (!bobClient.isClosed()) {
					bobClient.ping(PAYLOAD);
					pings.incrementAndGet();
				}
			});
			Awaitility.await().atMost(DROPPED_WITHIN).until(() -> !catApi.online(bob.userId()));
			assertThat(pings.get()).as("pongs enough to fill the loopback socket").isGreaterThan(1000);

			annClient.send(Map.of("type", "send", "id", "after", "to", cat.userId(), "body", "still here"));
			assertThat(annClient.await("ack").path("seq").asLong()).isEqualTo(1);
		}
	}

}
