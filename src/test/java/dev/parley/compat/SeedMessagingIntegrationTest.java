package dev.parley.compat;

import java.util.List;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seed's messaging API, unchanged, on Parley's pipeline. */
@ParleyIntegrationTest
class SeedMessagingIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void runsTheSeedFlowFromCodeToDelivery() {
		String annPhone = "0" + (100_000_000 + (long) (Math.random() * 800_000_000));
		TestApi seed = TestApi.anonymous(this.port);
		JsonNode code = seed.postRaw("/api/auth/getcode", "{ \"mobile\": \"" + annPhone + "\" }").body();
		assertThat(code.path("mobile").asString()).isEqualTo(annPhone);
		assertThat(code.path("activationCode").asString()).matches("[0-9]{6}");
		TestApi.Response login = seed.postRaw("/api/auth/login", "{ \"mobile\": \"" + annPhone
				+ "\", \"activationCode\": \"" + code.path("activationCode").asString() + "\" }");
		assertThat(login.status()).isEqualTo(200);
		String annToken = login.body().path("accessToken").asString();
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient bobSeed = TestClient.connectTo(this.port, "/messaging?accessToken=" + bob.token())) {
			try (TestClient annSeed = TestClient.connectTo(this.port, "/messaging?accessToken=" + annToken)) {
				annSeed.sendText("{\"topic\":\"SEND_MESSAGE\",\"message\":{\"accessToken\":\"" + annToken
						+ "\",\"sendTo\":\"" + bob.userId() + "\",\"msg\":\"Hey dude, howdy?\"}}");
				annSeed.sendText("{\"topic\":\"SEND_MESSAGE\",\"message\":{\"accessToken\":\"" + annToken
						+ "\",\"sendTo\":" + bob.userId() + ",\"msg\":\"as a number\"}}");
				org.awaitility.Awaitility.await().until(() -> bobSeed.texts().size() >= 2);
				long annId = login.body().path("userId").asLong();
				assertThat(bobSeed.texts()).containsExactly(
						"{\"msg\":\"Hey dude, howdy?\",\"senderId\":" + annId + ",\"topic\":\"SEND_MESSAGE\"}",
						"{\"msg\":\"as a number\",\"senderId\":" + annId + ",\"topic\":\"SEND_MESSAGE\"}");
				assertThat(annSeed.texts()).isEmpty();
			}
		}
	}

	@Test
	void takesSeedFramesLargerThanTheSocketBuffers() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		String text = "grüße 👋 ".repeat(500).substring(0, 4000);
		try (TestClient bobSeed = TestClient.connectTo(this.port, "/messaging?accessToken=" + bob.token());
				TestClient annSeed = TestClient.connectTo(this.port, "/messaging?accessToken=" + ann.token())) {
			annSeed.sendText("{\"topic\":\"SEND_MESSAGE\",\"message\":{\"accessToken\":\"" + ann.token()
					+ "\",\"sendTo\":" + bob.userId() + ",\"msg\":\"" + text + "\"}}");
			org.awaitility.Awaitility.await().until(() -> bobSeed.texts().size() == 1);
			assertThat(bobSeed.texts().get(0)).contains("\"msg\":\"" + text + "\"");
		}
	}

	@Test
	void deliversWhatASeedClientMissedWhenItReconnects() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient bobSeed = TestClient.connectTo(this.port, "/messaging?accessToken=" + bob.token())) {
			sendOverRest(ann, bob, "first, while online");
			org.awaitility.Awaitility.await().until(() -> bobSeed.texts().size() == 1);
		}
		sendOverRest(ann, bob, "second, while away");
		sendOverRest(ann, bob, "third, while away");
		try (TestClient bobSeed = TestClient.connectTo(this.port, "/messaging?accessToken=" + bob.token())) {
			org.awaitility.Awaitility.await().until(() -> bobSeed.texts().size() >= 2);
			sendOverRest(ann, bob, "fourth, live");
			org.awaitility.Awaitility.await().until(() -> bobSeed.texts().size() >= 3);
			assertThat(bobSeed.texts()).extracting((t) -> t.replaceAll(".*\"msg\":\"([^\"]*)\".*", "$1"))
				.containsExactly("second, while away", "third, while away", "fourth, live");
		}
	}

	@Test
	void refusesSeedSocketsAndSendsWithoutAValidToken() {
		assertThatThrownBy(() -> TestClient.connectTo(this.port, "/messaging?accessToken=nope"))
			.hasStackTraceContaining("401");
		assertThatThrownBy(() -> TestClient.connectTo(this.port, "/messaging")).hasStackTraceContaining("401");
		TestApi.Response refused = TestApi.anonymous(this.port)
			.post("/api/message/send-message", Map.of("accessToken", "nope", "sendTo", "1", "msg", "hi"));
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.code()).isEqualTo("unauthenticated");
		TestUser ann = TestUsers.signUp(this.port);
		TestApi.Response badRecipient = TestApi.anonymous(this.port)
			.post("/api/message/send-message", Map.of("accessToken", ann.token(), "sendTo", "bob", "msg", "hi"));
		assertThat(badRecipient.code()).isEqualTo("validation_failed");
		try (TestClient annSeed = TestClient.connectTo(this.port, "/messaging?accessToken=" + ann.token())) {
			annSeed.sendText("{\"topic\":\"SHOUT\",\"message\":{}}");
			annSeed.sendText("oops");
			assertThat(annSeed.awaitCount("error", 2)).extracting((e) -> e.path("code").asString())
				.containsExactly("validation_failed", "malformed_request");
		}
	}

	private void sendOverRest(TestUser from, TestUser to, String text) {
		TestApi.Response sent = TestApi.anonymous(this.port)
			.post("/api/message/send-message",
					Map.of("accessToken", from.token(), "sendTo", String.valueOf(to.userId()), "msg", text));
		assertThat(sent.status()).isEqualTo(200);
		assertThat(List.of(sent.body().path("seq").asLong())).allMatch((seq) -> seq > 0);
	}

}
