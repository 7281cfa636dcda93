package dev.parley.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client flooding frames far beyond its rate gets one {@code rate_limited} error a
 * second, not one per frame, and is closed with 4429 once it has kept it up for the flood
 * limit (5 s).
 */
@ParleyIntegrationTest
class FrameFloodIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void closesAFloodingClientWith4429AndAnswersItOncePerSecond() {
		TestUser ann = TestUsers.signUp(this.port);
		try (TestClient client = TestClient.ready(this.port, ann.token())) {
			long start = System.nanoTime();
			int sent = 0;
			while (!client.isClosed() && System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
				try {
					client.send(Map.of("type", "ping", "id", "p-" + sent));
					sent++;
				}
				catch (RuntimeException ex) {
					// the server closed the socket under the flood
					break;
				}
			}
			assertThat(client.awaitClose()).isEqualTo(4429);
			long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds() + 1;
			List<JsonNode> errors = client.ofType("error");
			int pongs = client.ofType("pong").size();
			assertThat(errors).isNotEmpty()
				.allSatisfy((error) -> assertThat(error.path("code").asString()).isEqualTo("rate_limited"));
			assertThat(errors.size()).isLessThanOrEqualTo((int) seconds);
			assertThat(sent).isGreaterThan(pongs + errors.size());
		}
	}

}
