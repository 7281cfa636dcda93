package dev.parley.messaging;

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

@ParleyIntegrationTest
class DirectMessagingIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void acksTheSenderAndDeliversToTheRecipient() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobClient = TestClient.ready(this.port, bob.token())) {
			annClient.send(Map.of("type", "send", "id", "m-1", "to", bob.userId(), "body", "hello bob"));
			JsonNode ack = annClient.await("ack");
			JsonNode message = bobClient.await("message");
			assertThat(ack.path("id").asString()).isEqualTo("m-1");
			assertThat(ack.path("seq").asLong()).isEqualTo(1);
			assertThat(message.path("conversationId").asLong()).isEqualTo(ack.path("conversationId").asLong());
			assertThat(message.path("seq").asLong()).isEqualTo(1);
			assertThat(message.path("senderId").asLong()).isEqualTo(ann.userId());
			assertThat(message.path("body").asString()).isEqualTo("hello bob");
			assertThat(message.path("id").asString()).isEqualTo("m-1");
		}
	}

	@Test
	void deliversToEveryDeviceOfBothPeopleButEchoesNothingToTheSendingDevice() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser annPhone = TestUsers.signUp(this.port, ann.phone());
		TestUser bob = TestUsers.signUp(this.port);
		TestUser bobLaptop = TestUsers.signUp(this.port, bob.phone());
		try (TestClient ann1 = TestClient.ready(this.port, ann.token());
				TestClient ann2 = TestClient.ready(this.port, annPhone.token());
				TestClient bob1 = TestClient.ready(this.port, bob.token());
				TestClient bob2 = TestClient.ready(this.port, bobLaptop.token())) {
			ann1.send(Map.of("type", "send", "id", "x", "to", bob.userId(), "body", "to all of you"));
			long seq = ann1.await("ack").path("seq").asLong();
			for (TestClient client : List.of(ann2, bob1, bob2)) {
				JsonNode message = client.await("message");
				assertThat(message.path("seq").asLong()).isEqualTo(seq);
				assertThat(message.path("body").asString()).isEqualTo("to all of you");
			}
			ann1.send(Map.of("type", "ping", "id", "p"));
			ann1.await("pong");
			assertThat(ann1.ofType("message")).isEmpty();
		}
	}

	@Test
	void answersAResendWithTheSameSequenceNumberAndDeliversOnce() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobClient = TestClient.ready(this.port, bob.token())) {
			annClient.send(Map.of("type", "send", "id", "same", "to", bob.userId(), "body", "once"));
			annClient.awaitCount("ack", 1);
			annClient.send(Map.of("type", "send", "id", "same", "to", bob.userId(), "body", "once"));
			List<JsonNode> acks = annClient.awaitCount("ack", 2);
			annClient.send(Map.of("type", "send", "id", "next", "to", bob.userId(), "body", "twice?"));
			List<JsonNode> messages = bobClient.awaitCount("message", 2);
			assertThat(acks).extracting((a) -> a.path("seq").asLong()).containsExactly(1L, 1L);
			assertThat(messages).extracting((m) -> m.path("body").asString()).containsExactly("once", "twice?");
			assertThat(messages).extracting((m) -> m.path("seq").asLong()).containsExactly(1L, 2L);
		}
	}

	@Test
	void deliversWhatWasSentWhileTheRecipientWasAwayOnResumeInOrderOnce() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		long conversationId;
		try (TestClient annClient = TestClient.ready(this.port, ann.token())) {
			for (int i = 1; i <= 5; i++) {
				annClient.send(Map.of("type", "send", "id", "off-" + i, "to", bob.userId(), "body", "missed " + i));
			}
			conversationId = annClient.awaitCount("ack", 5).get(0).path("conversationId").asLong();
			try (TestClient bobClient = TestClient.ready(this.port, bob.token())) {
				annClient.send(Map.of("type", "send", "id", "live", "to", bob.userId(), "body", "live"));
				List<JsonNode> messages = bobClient.awaitCount("message", 6);
				assertThat(messages).extracting((m) -> m.path("body").asString())
					.containsExactly("missed 1", "missed 2", "missed 3", "missed 4", "missed 5", "live");
				assertThat(messages).extracting((m) -> m.path("seq").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
				bobClient.send(Map.of("type", "received", "conversationId", conversationId, "seq", 6));
				JsonNode receipt = annClient.await("receipt");
				assertThat(receipt.path("kind").asString()).isEqualTo("delivered");
				assertThat(receipt.path("seq").asLong()).isEqualTo(6);
				assertThat(receipt.path("userId").asLong()).isEqualTo(bob.userId());
			}
			try (TestClient bobAgain = TestClient.authenticated(this.port, bob.token())) {
				bobAgain.resume(Map.of(conversationId, 4L));
				List<JsonNode> replay = bobAgain.awaitCount("message", 2);
				assertThat(replay).extracting((m) -> m.path("seq").asLong()).containsExactly(5L, 6L);
			}
		}
	}

}
