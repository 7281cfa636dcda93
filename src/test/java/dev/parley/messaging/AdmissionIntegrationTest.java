package dev.parley.messaging;

import java.nio.file.Path;
import java.util.Map;

import dev.parley.ParleyNode;
import dev.parley.TestApi;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission control: a node that already waits for as many commands as it may refuses the
 * next one at once with {@code unavailable} and a retry hint, on the WebSocket and on
 * REST, keeps the ones it accepted, and accepts again once they are answered. The
 * sequencer is stopped to hold the accepted commands in flight.
 */
@Tag("integration")
@Timeout(120)
class AdmissionIntegrationTest {

	@TempDir
	Path dataDir;

	@Test
	void refusesNewCommandsAtOnceWhileTheNodeWaitsForAsManyAsItMay() {
		try (ParleyNode node = ParleyNode.start(this.dataDir, "parley.messaging.max-in-flight=2")) {
			Sequencer sequencer = node.context().getBean(Sequencer.class);
			MeterRegistry meters = node.context().getBean(MeterRegistry.class);
			TestUser ann = TestUsers.signUp(node.port());
			TestUser bob = TestUsers.signUp(node.port());
			try (TestClient annClient = TestClient.ready(node.port(), ann.token());
					TestClient bobClient = TestClient.ready(node.port(), bob.token())) {
				send(annClient, bob, "m-0");
				long conversationId = annClient.await("ack").path("conversationId").asLong();

				sequencer.stop();
				send(annClient, bob, "m-1");
				send(annClient, bob, "m-2");
				Awaitility.await().until(() -> meters.get("parley.admission.in.flight").gauge().value() == 2.0);
				send(annClient, bob, "m-3");
				JsonNode refused = annClient.await("error");
				assertThat(refused.path("id").asString()).isEqualTo("m-3");
				assertThat(refused.path("code").asString()).isEqualTo("unavailable");
				assertThat(refused.path("retryAfterMs").asLong()).isPositive();
				TestApi.Response rest = TestApi.as(node.port(), ann.token())
					.post("/api/v1/conversations/" + conversationId + "/messages", Map.of("id", "r-1", "body", "hi"));
				assertThat(rest.status()).isEqualTo(503);
				assertThat(rest.code()).isEqualTo("unavailable");
				assertThat(rest.headers().getFirst("Retry-After")).isEqualTo("1");
				// a resend of a command still waiting joins its wait (each is
				// acknowledged)
				send(annClient, bob, "m-2");
				assertThat(meters.counter("parley.admission.refused", "reason", "in_flight").count()).isEqualTo(2.0);

				sequencer.start();
				annClient.awaitCount("ack", 4);
				Awaitility.await().until(() -> meters.get("parley.admission.in.flight").gauge().value() == 0.0);
				send(annClient, bob, "m-3");
				annClient.await((frame) -> "ack".equals(frame.path("type").asString())
						&& "m-3".equals(frame.path("id").asString()));
				assertThat(bobClient.awaitCount("message", 4)).extracting((m) -> m.path("id").asString())
					.containsExactly("m-0", "m-1", "m-2", "m-3");
				assertThat(annClient.ofType("error")).hasSize(1);
			}
		}
	}

	private static void send(TestClient client, TestUser to, String id) {
		client.send(Map.of("type", "send", "id", id, "to", to.userId(), "body", "hello " + id));
	}

}
