package dev.parley.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.parley.InboundCommands;
import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import dev.parley.infra.Topics;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored message whose text cannot be encoded as UTF-8 (a lone UTF-16 surrogate, put
 * straight into the inbound topic past the edges' checks) reaches every socket that
 * carries it with U+FFFD in its place, on live delivery and on resume, on v1 and seed
 * sockets, with its sequence number; no socket closes, and each receives the next
 * message.
 */
@ParleyIntegrationTest
class UnencodableTextIntegrationTest {

	private static final String LONE_SURROGATE = "before \ud800 after";

	private static final String REPLACED = "before \ufffd after";

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	Topics topics;

	@Test
	void deliversAMessageWithALoneSurrogateWithReplacementAndKeepsEverySocketOpen() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobLive = TestClient.ready(this.port, bob.token())) {
			annClient.send(Map.of("type", "send", "id", "m-1", "to", bob.userId(), "body", "first"));
			long conversationId = annClient.await("ack").path("conversationId").asLong();

			InboundCommands.produce(this.kafka, InboundCommands.send(this.topics.inbound(), conversationId,
					ann.userId(), ann.deviceId(), "m-2", LONE_SURROGATE));
			JsonNode live = bobLive.await((frame) -> "m-2".equals(frame.path("id").asString()));
			assertThat(live.path("seq").asLong()).isEqualTo(2);
			assertThat(live.path("body").asString()).isEqualTo(REPLACED);
			TestApi.Response list = TestApi.as(this.port, bob.token()).get("/api/v1/conversations");
			assertThat(list.status()).isEqualTo(200);
			TestApi.Response history = TestApi.as(this.port, bob.token())
				.get("/api/v1/conversations/" + conversationId + "/messages");
			assertThat(history.status()).isEqualTo(200);

			try (TestClient bobResumed = TestClient.authenticated(this.port, bob.token())
				.resume(Map.of(conversationId, 0L));
					TestClient bobSeed = TestClient.connectTo(this.port, "/messaging?accessToken=" + bob.token())) {
				assertThat(bobResumed.ofType("message")).extracting((m) -> m.path("body").asString())
					.containsExactly("first", REPLACED);
				assertThat(bobResumed.ofType("message")).extracting((m) -> m.path("seq").asLong())
					.containsExactly(1L, 2L);

				annClient.send(Map.of("type", "send", "id", "m-3", "to", bob.userId(), "body", "third"));
				assertThat(bobLive.awaitCount("message", 3)).extracting((m) -> m.path("body").asString())
					.containsExactly("first", REPLACED, "third");
				assertThat(bobResumed.awaitCount("message", 3)).extracting((m) -> m.path("seq").asLong())
					.containsExactly(1L, 2L, 3L);
				assertThat(seedMessages(bobSeed, 3)).containsExactly("first", REPLACED, "third");
				assertThat(bobLive.isClosed()).isFalse();
				assertThat(bobResumed.isClosed()).isFalse();
				assertThat(bobSeed.isClosed()).isFalse();
			}
		}
	}

	/** The {@code msg} of the seed deliveries, once {@code count} have arrived. */
	private static List<String> seedMessages(TestClient seed, int count) {
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> seed.frames().size() >= count);
		return seed.frames().stream().map((frame) -> frame.path("msg").asString()).toList();
	}

}
