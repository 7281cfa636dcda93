package dev.parley.messaging;

import java.util.List;
import java.util.Map;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestApi.Response;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client id names one command of its sender in a conversation: a resend of the same
 * command gets the same {@code ack}, and a different command under a known id (another
 * body, another kind, another target) is refused with {@code conflict}, over WebSocket
 * and REST, and stores nothing.
 */
@ParleyIntegrationTest
class ResendConflictIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void refusesAResendWithAnotherBodyOverWebSocketWithConflict() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobClient = TestClient.ready(this.port, bob.token())) {
			annClient.send(Map.of("type", "send", "id", "same", "to", bob.userId(), "body", "once"));
			long conversationId = annClient.await("ack").path("conversationId").asLong();

			annClient.send(Map.of("type", "send", "id", "same", "to", bob.userId(), "body", "something else"));
			JsonNode error = annClient.await("error");
			assertThat(error.path("code").asString()).isEqualTo("conflict");
			assertThat(error.path("id").asString()).isEqualTo("same");

			annClient.send(Map.of("type", "send", "id", "same", "conversationId", conversationId, "body", "once"));
			annClient.send(Map.of("type", "send", "id", "next", "to", bob.userId(), "body", "two"));
			List<JsonNode> acks = annClient.awaitCount("ack", 3);
			assertThat(acks).extracting((a) -> a.path("id").asString() + "@" + a.path("seq").asLong())
				.containsExactly("same@1", "same@1", "next@2");
			List<JsonNode> messages = bobClient.awaitCount("message", 2);
			assertThat(messages).extracting((m) -> m.path("body").asString()).containsExactly("once", "two");
			assertThat(annClient.ofType("error")).hasSize(1);
		}
	}

	@Test
	void refusesAnotherBodySentRightBehindTheFirstWithConflict() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobClient = TestClient.ready(this.port, bob.token())) {
			// the second frame finds the first still waiting for its ack, or stored
			annClient.sendText("{\"type\":\"send\",\"id\":\"twin\",\"to\":" + bob.userId() + ",\"body\":\"first\"}");
			annClient.sendText("{\"type\":\"send\",\"id\":\"twin\",\"to\":" + bob.userId() + ",\"body\":\"second\"}");
			JsonNode error = annClient.await("error");
			assertThat(error.path("code").asString()).isEqualTo("conflict");
			assertThat(error.path("id").asString()).isEqualTo("twin");
			assertThat(annClient.await("ack").path("seq").asLong()).isEqualTo(1);
			annClient.send(Map.of("type", "send", "id", "after", "to", bob.userId(), "body", "after"));
			assertThat(bobClient.awaitCount("message", 2)).extracting((m) -> m.path("body").asString())
				.containsExactly("first", "after");
			assertThat(annClient.awaitCount("ack", 2)).extracting((a) -> a.path("id").asString())
				.containsExactly("twin", "after");
			assertThat(annClient.ofType("error")).hasSize(1);
		}
	}

	@Test
	void refusesAnEditOrDeleteUnderAKnownIdOfAnotherCommandWithConflict() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token())) {
			annClient.send(Map.of("type", "send", "id", "m1", "to", bob.userId(), "body", "one"));
			long conversationId = annClient.await("ack").path("conversationId").asLong();
			annClient.send(Map.of("type", "send", "id", "m2", "to", bob.userId(), "body", "two"));
			annClient.awaitCount("ack", 2);
			annClient.send(Map.of("type", "edit", "id", "e", "conversationId", conversationId, "seq", 1, "body", "1"));
			annClient.awaitCount("ack", 3);

			// the id of a message, on an edit; an edit's id with another target, and as a
			// delete (refused by the sequencer, or on the node while the edit waits)
			annClient.send(Map.of("type", "edit", "id", "m1", "conversationId", conversationId, "seq", 1, "body", "1"));
			annClient.send(Map.of("type", "edit", "id", "e", "conversationId", conversationId, "seq", 2, "body", "1"));
			annClient.send(Map.of("type", "delete", "id", "e", "conversationId", conversationId, "seq", 1));
			List<JsonNode> errors = annClient.awaitCount("error", 3);
			assertThat(errors).extracting((e) -> e.path("id").asString() + ":" + e.path("code").asString())
				.containsExactlyInAnyOrder("m1:conflict", "e:conflict", "e:conflict");

			annClient.send(Map.of("type", "edit", "id", "e", "conversationId", conversationId, "seq", 1, "body", "1"));
			List<JsonNode> acks = annClient.awaitCount("ack", 4);
			assertThat(acks.get(3).path("seq").asLong()).isEqualTo(acks.get(2).path("seq").asLong()).isEqualTo(3);
			Response history = TestApi.as(this.port, ann.token())
				.get("/api/v1/conversations/" + conversationId + "/messages?limit=50");
			assertThat(history.body().path("events")).extracting((e) -> e.path("type").asString())
				.containsExactly("message", "message", "edited");
		}
	}

	@Test
	void refusesAResendWithAnotherBodyOverRestWithConflict() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestApi api = TestApi.as(this.port, ann.token());
		long conversationId = api.directWith(bob.userId());
		String path = "/api/v1/conversations/" + conversationId + "/messages";

		Response first = api.post(path, Map.of("id", "r1", "body", "one"));
		assertThat(first.status()).isEqualTo(201);
		Response changed = api.post(path, Map.of("id", "r1", "body", "not one"));
		assertThat(changed.status()).isEqualTo(409);
		assertThat(changed.code()).isEqualTo("conflict");
		Response again = api.post(path, Map.of("id", "r1", "body", "one"));
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.body().path("seq").asLong()).isEqualTo(first.body().path("seq").asLong());

		Response history = api.get(path + "?limit=50");
		assertThat(history.body().path("events")).extracting((e) -> e.path("body").asString()).containsExactly("one");
	}

}
