package dev.parley.edge;

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

/**
 * Text no database stores (U+0000, a lone surrogate) and names that hide or reorder text
 * are refused with {@code validation_failed} on every API, and nothing is kept.
 */
@ParleyIntegrationTest
class TextRulesIntegrationTest {

	/** JSON string escapes, as a client puts them on the wire. */
	private static final List<String> UNSTORABLE = List.of("nul \\u0000 here", "lone \\ud800 surrogate",
			"low \\udc00 surrogate", "non-character \\uffff", "escape \\u001b[2J");

	@LocalServerPort
	int port;

	@Test
	void refusesUnstorableBodiesOnRestWebSocketAndTheSeedApi() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestApi api = TestApi.as(this.port, ann.token());
		long conversationId = api.directWith(bob.userId());
		api.post("/api/v1/conversations/" + conversationId + "/messages", Map.of("id", "ok", "body", "fine"));
		try (TestClient client = TestClient.ready(this.port, ann.token());
				TestClient seed = TestClient.connectTo(this.port, "/messaging?accessToken=" + ann.token())) {
			int n = 0;
			for (String body : UNSTORABLE) {
				n++;
				TestApi.Response rest = api.postRaw("/api/v1/conversations/" + conversationId + "/messages",
						"{\"id\":\"r" + n + "\",\"body\":\"" + body + "\"}");
				assertThat(rest.status()).as(body).isEqualTo(400);
				assertThat(rest.code()).as(body).isEqualTo("validation_failed");
				TestApi.Response seedRest = TestApi.anonymous(this.port)
					.postRaw("/api/message/send-message", "{\"accessToken\":\"" + ann.token() + "\",\"sendTo\":\""
							+ bob.userId() + "\",\"msg\":\"" + body + "\"}");
				assertThat(seedRest.status()).as(body).isEqualTo(400);
				assertThat(seedRest.code()).as(body).isEqualTo("validation_failed");
				client.sendText("{\"type\":\"send\",\"id\":\"w" + n + "\",\"conversationId\":" + conversationId
						+ ",\"body\":\"" + body + "\"}");
				client.sendText("{\"type\":\"edit\",\"id\":\"e" + n + "\",\"conversationId\":" + conversationId
						+ ",\"seq\":1,\"body\":\"" + body + "\"}");
				seed.sendText("{\"topic\":\"SEND_MESSAGE\",\"message\":{\"accessToken\":\"" + ann.token()
						+ "\",\"sendTo\":" + bob.userId() + ",\"msg\":\"" + body + "\"}}");
			}
			List<JsonNode> errors = client.awaitCount("error", 2 * UNSTORABLE.size());
			assertThat(errors).extracting((e) -> e.path("code").asString()).containsOnly("validation_failed");
			assertThat(errors).extracting((e) -> e.path("id").asString())
				.containsExactlyInAnyOrder("w1", "e1", "w2", "e2", "w3", "e3", "w4", "e4", "w5", "e5");
			org.awaitility.Awaitility.await().until(() -> seed.texts().size() >= UNSTORABLE.size());
			assertThat(seed.texts()).allSatisfy((text) -> assertThat(text).contains("\"validation_failed\""));
			client.send(Map.of("type", "ping", "id", "after"));
			client.await("pong");
			assertThat(client.ofType("ack")).isEmpty();
		}
		JsonNode history = api.get("/api/v1/conversations/" + conversationId + "/messages").body();
		assertThat(history.path("events").values()).extracting((e) -> e.path("body").asString())
			.containsExactly("fine");
	}

	@Test
	void refusesUnstorableOrDisguisedNamesAndTitles() {
		TestUser ann = TestUsers.signUp(this.port);
		TestApi api = TestApi.as(this.port, ann.token());
		List<String> names = List.of("nul \\u0000", "lone \\ud800", "evil\\u202Egnp.exe", "\\u2066isolate\\u2069",
				"zero\\u200Bwidth", "\\ufeffAnn", "tab\\there");
		for (String name : names) {
			assertThat(patch(api, "/api/v1/me", "{\"displayName\":\"" + name + "\"}")).as(name)
				.isEqualTo("400 validation_failed");
			assertThat(post(api, "/api/v1/contacts",
					"{\"phone\":\"" + TestUsers.randomPhone() + "\",\"name\":\"" + name + "\"}"))
				.as(name)
				.isEqualTo("400 validation_failed");
			assertThat(post(api, "/api/v1/groups", "{\"title\":\"" + name + "\",\"memberIds\":[]}")).as(name)
				.isEqualTo("400 validation_failed");
			assertThat(post(api, "/api/v1/rooms", "{\"title\":\"" + name + "\"}")).as(name)
				.isEqualTo("400 validation_failed");
			String phone = TestUsers.randomPhone();
			String code = TestApi.anonymous(this.port)
				.post("/api/v1/auth/code", Map.of("phone", phone))
				.body()
				.path("code")
				.asString();
			assertThat(post(TestApi.anonymous(this.port), "/api/v1/auth/login",
					"{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\",\"deviceName\":\"" + name + "\"}"))
				.as(name)
				.isEqualTo("400 validation_failed");
		}
		assertThat(api.get("/api/v1/me").body().has("displayName")).isFalse();
		assertThat(api.get("/api/v1/contacts").body().values()).isEmpty();
		assertThat(api.get("/api/v1/conversations").body().values()).isEmpty();
		assertThat(patch(api, "/api/v1/me", "{\"displayName\":\"👩‍💻 Ann\"}")).isEqualTo("200 ");
	}

	private static String post(TestApi api, String path, String json) {
		TestApi.Response response = api.postRaw(path, json);
		return response.status() + " " + ((response.status() >= 400) ? response.code() : "");
	}

	private static String patch(TestApi api, String path, String json) {
		TestApi.Response response = api.patch(path, json);
		return response.status() + " " + ((response.status() >= 400) ? response.code() : "");
	}

}
