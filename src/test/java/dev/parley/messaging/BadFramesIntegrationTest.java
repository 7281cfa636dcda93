package dev.parley.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every bad frame gets its documented error and changes nothing. */
@ParleyIntegrationTest
class BadFramesIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void answersMalformedUnknownAndIncompleteFramesWithErrors() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient client = TestClient.ready(this.port, ann.token())) {
			client.sendText("{not json");
			client.sendText("[1,2]");
			client.send(Map.of("type", "shout", "id", "s"));
			client.send(Map.of("type", "send", "id", "no-body", "to", bob.userId()));
			client.send(Map.of("type", "send", "id", "both", "to", bob.userId(), "conversationId", 1, "body", "x"));
			client.send(Map.of("type", "send", "id", "big", "to", bob.userId(), "body", "x".repeat(4001)));
			client.send(Map.of("type", "send", "id", "nobody", "to", 987654321, "body", "hi"));
			client.send(Map.of("type", "send", "id", "has space", "to", bob.userId(), "body", "hi"));
			client.send(Map.of("type", "read", "conversationId", 1));
			List<JsonNode> errors = client.awaitCount("error", 9);
			assertThat(errors).extracting((e) -> e.path("code").asString())
				.containsExactly("malformed_request", "malformed_request", "validation_failed", "validation_failed",
						"validation_failed", "payload_too_large", "not_found", "validation_failed",
						"validation_failed");
			assertThat(errors.get(5).path("id").asString()).isEqualTo("big");
			assertThat(client.ofType("ack")).isEmpty();
			assertThat(TestApi.as(this.port, ann.token()).get("/api/v1/conversations").body().values()).isEmpty();
		}
	}

	@Test
	void refusesSendingToAConversationOfOthers() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestUser eve = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient eveClient = TestClient.ready(this.port, eve.token())) {
			annClient.send(Map.of("type", "send", "id", "a", "to", bob.userId(), "body", "private"));
			long conversationId = annClient.await("ack").path("conversationId").asLong();
			eveClient.send(Map.of("type", "send", "id", "e", "conversationId", conversationId, "body", "let me in"));
			eveClient.send(Map.of("type", "typing", "conversationId", conversationId));
			eveClient.send(Map.of("type", "read", "conversationId", conversationId, "seq", 1));
			assertThat(eveClient.awaitCount("error", 3)).extracting((e) -> e.path("code").asString())
				.containsOnly("not_found");
			assertThat(TestApi.as(this.port, eve.token())
				.get("/api/v1/conversations/" + conversationId + "/messages")
				.code()).isEqualTo("not_found");
			assertThat(TestApi.as(this.port, ann.token())
				.get("/api/v1/conversations/" + conversationId + "/messages")
				.body()
				.path("events")).hasSize(1);
		}
	}

	@Test
	void closesSocketsThatDoNotAuthenticateFirst() {
		try (TestClient client = TestClient.connectAnonymously(this.port)) {
			client.send(Map.of("type", "ping"));
			assertThat(client.awaitClose()).isEqualTo(4401);
		}
		try (TestClient client = TestClient.connectAnonymously(this.port)) {
			client.send(Map.of("type", "auth", "token", "not-a-token"));
			assertThat(client.awaitClose()).isEqualTo(4401);
		}
		TestUser ann = TestUsers.signUp(this.port);
		try (TestClient client = TestClient.connectAnonymously(this.port)) {
			client.send(Map.of("type", "auth", "token", ann.token()));
			assertThat(client.await("ready").path("userId").asLong()).isEqualTo(ann.userId());
		}
		assertThatThrownBy(() -> TestClient.connect(this.port, "wrong-token")).hasStackTraceContaining("401");
	}

	@Test
	void refusesFramesBeyondTheRateLimitAndStoresNoneOfThem() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient client = TestClient.ready(this.port, ann.token())) {
			for (int i = 0; i < 400; i++) {
				client.send(Map.of("type", "send", "id", "f-" + i, "to", bob.userId(), "body", "flood " + i));
			}
			client.await((f) -> "error".equals(f.path("type").asString())
					&& "rate_limited".equals(f.path("code").asString()));
			// a ping that gets through once the bucket refills comes after every send
			Awaitility.await().pollInterval(Duration.ofMillis(200)).until(() -> {
				client.send(Map.of("type", "ping", "id", "probe"));
				return !client.ofType("pong").isEmpty();
			});
			TestApi api = TestApi.as(this.port, ann.token());
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> client.ofType("ack").size() >= 200 && stored(api, client).equals(acked(client)));
			// every send is answered, by its ack or, beyond the rate, by rate_limited
			assertThat(client.ofType("error")).extracting((e) -> e.path("code").asString())
				.containsOnly("rate_limited");
			Set<String> refused = client.ofType("error")
				.stream()
				.map((e) -> e.path("id").asString())
				.collect(Collectors.toSet());
			assertThat(refused).isNotEmpty().doesNotContainAnyElementsOf(acked(client));
			assertThat(acked(client).size() + refused.size()).isEqualTo(400);
		}
	}

	@Test
	void takesMessagesLargerThanTheSocketBuffersWholeAndInParts() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		// 4,000 characters, many of them two UTF-16 units or several UTF-8 bytes: far
		// beyond
		// the 1 KB socket buffers, so the container hands them over in parts
		String body = "héllo wörld 😀 ".repeat(300).substring(0, 3990) + "<end>";
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobClient = TestClient.ready(this.port, bob.token())) {
			annClient.send(Map.of("type", "send", "id", "whole", "to", bob.userId(), "body", body));
			String frame = "{\"type\":\"send\",\"id\":\"parts\",\"to\":" + bob.userId() + ",\"body\":\"" + body + "\"}";
			annClient.sendTextInParts(frame.substring(0, 10), frame.substring(10, 3000), frame.substring(3000));
			annClient.send(Map.of("type", "ping", "id", "after"));
			annClient.await((f) -> "pong".equals(f.path("type").asString()));
			List<JsonNode> messages = bobClient.awaitCount("message", 2);
			assertThat(messages).extracting((m) -> m.path("body").asString()).containsExactly(body, body);
			assertThat(annClient.ofType("ack")).extracting((a) -> a.path("id").asString())
				.containsExactlyInAnyOrder("whole", "parts");
			assertThat(annClient.ofType("error")).isEmpty();
		}
	}

	@Test
	void closesTheSocketOnAMessageInPartsLargerThanTheLimit() {
		TestUser ann = TestUsers.signUp(this.port);
		try (TestClient client = TestClient.ready(this.port, ann.token())) {
			String half = "x".repeat(40_000);
			client.sendTextInParts("{\"type\":\"ping\",\"id\":\"" + half, half + "\"}");
			assertThat(client.awaitClose()).isEqualTo(1009);
		}
	}

	@Test
	void closesTheSocketOnAFrameLargerThanTheLimit() {
		TestUser ann = TestUsers.signUp(this.port);
		try (TestClient client = TestClient.ready(this.port, ann.token())) {
			client.sendText("{\"type\":\"ping\",\"id\":\"" + "x".repeat(70_000) + "\"}");
			assertThat(client.awaitClose()).isEqualTo(1009);
		}
	}

	@Test
	void closesTheSocketOnABinaryMessage() {
		TestUser ann = TestUsers.signUp(this.port);
		try (TestClient client = TestClient.ready(this.port, ann.token())) {
			client.sendBinary("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
			assertThat(client.awaitClose()).isEqualTo(1003);
		}
	}

	private static Set<String> acked(TestClient client) {
		return client.ofType("ack").stream().map((a) -> a.path("id").asString()).collect(Collectors.toSet());
	}

	private static Set<String> stored(TestApi api, TestClient client) {
		long conversationId = client.ofType("ack").get(0).path("conversationId").asLong();
		Set<String> ids = new HashSet<>();
		long after = 0;
		while (true) {
			JsonNode page = api.get("/api/v1/conversations/" + conversationId + "/messages?limit=200&after=" + after)
				.body();
			for (JsonNode event : page.path("events")) {
				ids.add(event.path("id").asString());
				after = event.path("seq").asLong();
			}
			if (!page.path("hasMore").asBoolean()) {
				return ids;
			}
		}
	}

}
