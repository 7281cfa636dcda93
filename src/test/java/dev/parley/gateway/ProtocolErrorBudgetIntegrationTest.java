package dev.parley.gateway;

import java.util.Map;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session may have 100 frames refused; the next refusal closes it with 4400.
 * {@code rate_limited} and {@code unavailable} refusals are the server's, not the
 * client's fault, and do not count. Same small limits as the per-user limits test (one
 * application context for both).
 */
@ParleyIntegrationTest
@TestPropertySource(properties = { "parley.contacts.lookups-per-window=1500",
		"parley.conversations.new-directs-per-window=3", "parley.conversations.new-groups-per-window=2" })
class ProtocolErrorBudgetIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void closesWith4400AfterAHundredRefusedFramesNotCountingRateLimits() {
		TestUser ann = TestUsers.signUp(this.port);
		TestApi api = TestApi.as(this.port, ann.token());
		for (int i = 0; i < 3; i++) {
			// each attempt counts against the new direct conversations, known id or not
			assertThat(api.post("/api/v1/conversations/direct", Map.of("userId", 12_345L + i)).code())
				.isEqualTo("not_found");
		}
		try (TestClient client = TestClient.ready(this.port, ann.token())) {
			for (int i = 0; i < 5; i++) {
				String id = "r-" + i;
				client.send(Map.of("type", "send", "id", id, "to", 99_999L, "body", "hi"));
				client.await(
						(f) -> id.equals(f.path("id").asString()) && "rate_limited".equals(f.path("code").asString()));
			}
			for (int i = 1; i <= 100; i++) {
				String id = "v-" + i;
				client.send(Map.of("type", "received", "id", id));
				client.await((f) -> id.equals(f.path("id").asString())
						&& "validation_failed".equals(f.path("code").asString()));
			}
			client.send(Map.of("type", "ping", "id", "still-open"));
			client.await("pong");
			assertThat(client.isClosed()).isFalse();

			client.send(Map.of("type", "received", "id", "v-101"));
			assertThat(client.awaitClose()).isEqualTo(4400);
			assertThat(client.ofType("error")).filteredOn((e) -> "validation_failed".equals(e.path("code").asString()))
				.hasSize(101);
		}
	}

}
