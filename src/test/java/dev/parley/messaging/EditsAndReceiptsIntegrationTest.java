package dev.parley.messaging;

import java.util.Map;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@ParleyIntegrationTest
class EditsAndReceiptsIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void letsTheAuthorEditAndDeleteAndRefusesEveryoneElse() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobClient = TestClient.ready(this.port, bob.token())) {
			annClient.send(Map.of("type", "send", "id", "m", "to", bob.userId(), "body", "helo"));
			JsonNode ack = annClient.await("ack");
			long conversationId = ack.path("conversationId").asLong();
			annClient
				.send(Map.of("type", "edit", "id", "e", "conversationId", conversationId, "seq", 1, "body", "hello"));
			JsonNode edited = bobClient.await("edited");
			assertThat(edited.path("target").asLong()).isEqualTo(1);
			assertThat(edited.path("seq").asLong()).isEqualTo(2);
			assertThat(edited.path("body").asString()).isEqualTo("hello");
			bobClient.send(Map.of("type", "delete", "id", "bob-d", "conversationId", conversationId, "seq", 1));
			JsonNode refused = bobClient.await("error");
			assertThat(refused.path("code").asString()).isEqualTo("forbidden");
			assertThat(refused.path("id").asString()).isEqualTo("bob-d");
			annClient.send(Map.of("type", "delete", "id", "d", "conversationId", conversationId, "seq", 1));
			JsonNode deleted = bobClient.await("deleted");
			assertThat(deleted.path("target").asLong()).isEqualTo(1);
			assertThat(deleted.path("seq").asLong()).isEqualTo(3);
			annClient.send(Map.of("type", "edit", "id", "e2", "conversationId", conversationId, "seq", 1, "body", "x"));
			assertThat(annClient.await("error").path("code").asString()).isEqualTo("conflict");
			annClient
				.send(Map.of("type", "edit", "id", "e3", "conversationId", conversationId, "seq", 99, "body", "x"));
			assertThat(annClient.await((f) -> "e3".equals(f.path("id").asString())).path("code").asString())
				.isEqualTo("not_found");
		}
	}

	@Test
	void tellsTheSenderWhenMessagesAreDeliveredAndRead() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobClient = TestClient.ready(this.port, bob.token())) {
			annClient.send(Map.of("type", "send", "id", "1", "to", bob.userId(), "body", "one"));
			annClient.send(Map.of("type", "send", "id", "2", "to", bob.userId(), "body", "two"));
			long conversationId = bobClient.awaitCount("message", 2).get(0).path("conversationId").asLong();
			bobClient.send(Map.of("type", "received", "conversationId", conversationId, "seq", 2));
			bobClient.send(Map.of("type", "read", "conversationId", conversationId, "seq", 1));
			assertThat(annClient.awaitCount("receipt", 2))
				.extracting((r) -> r.path("kind").asString() + r.path("seq").asLong())
				.containsExactly("delivered2", "read1");
			bobClient.send(Map.of("type", "read", "conversationId", conversationId, "seq", 1));
			bobClient.send(Map.of("type", "read", "conversationId", conversationId, "seq", 50));
			JsonNode clamped = annClient.awaitCount("receipt", 3).get(2);
			assertThat(clamped.path("kind").asString()).isEqualTo("read");
			assertThat(clamped.path("seq").asLong()).isEqualTo(2);

			JsonNode positions = TestApi.as(this.port, ann.token())
				.get("/api/v1/conversations/" + conversationId + "/receipts")
				.body();
			assertThat(positions.valueStream()
				.map((p) -> p.path("userId").asLong() + ":" + p.path("deliveredSeq").asLong() + ":"
						+ p.path("readSeq").asLong()))
				.containsExactly(bob.userId() + ":2:2");
			TestUser stranger = TestUsers.signUp(this.port);
			assertThat(TestApi.as(this.port, stranger.token())
				.get("/api/v1/conversations/" + conversationId + "/receipts")
				.code()).isEqualTo("not_found");
			assertThat(TestApi.as(this.port, ann.token()).get("/api/v1/conversations/999999999/receipts").code())
				.isEqualTo("not_found");
		}
	}

}
