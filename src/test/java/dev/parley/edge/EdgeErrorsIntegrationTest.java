package dev.parley.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edges' error shape: fractional ids refused, every error frame carries its frame's
 * id, no Java names in messages, JSON problem details for paths Tomcat refuses, the same
 * answer for a conversation one is not in as for one that does not exist, and a limit on
 * JSON bodies.
 */
@ParleyIntegrationTest
class EdgeErrorsIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void refusesFractionalIdsOnRestAndWebSocket() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestApi api = TestApi.as(this.port, ann.token());
		long conversationId = api.directWith(bob.userId());
		TestApi.Response direct = api.postRaw("/api/v1/conversations/direct", "{\"userId\":" + bob.userId() + ".5}");
		assertThat(direct.status()).isEqualTo(400);
		assertThat(direct.code()).isEqualTo("validation_failed");
		assertThat(direct.body().path("detail").asString()).isEqualTo("userId must be an integer.");
		try (TestClient client = TestClient.ready(this.port, ann.token())) {
			client.sendText(
					"{\"type\":\"send\",\"id\":\"f1\",\"conversationId\":" + conversationId + ".9,\"body\":\"x\"}");
			client.sendText("{\"type\":\"send\",\"id\":\"f2\",\"to\":" + bob.userId() + ".5,\"body\":\"x\"}");
			List<JsonNode> errors = client.awaitCount("error", 2);
			assertThat(errors)
				.extracting((e) -> e.path("id").asString() + " " + e.path("code").asString() + " "
						+ e.path("message").asString())
				.containsExactly("f1 validation_failed conversationId must be an integer.",
						"f2 validation_failed to must be an integer.");
			client.send(Map.of("type", "ping", "id", "after"));
			client.await("pong");
			assertThat(client.ofType("ack")).isEmpty();
		}
		assertThat(api.get("/api/v1/conversations/" + conversationId + "/messages").body().path("events").values())
			.isEmpty();
	}

	@Test
	void answersEveryRefusedFrameWithItsId() {
		TestUser ann = TestUsers.signUp(this.port);
		try (TestClient client = TestClient.ready(this.port, ann.token())) {
			client.sendText("{\"type\":\"shout\",\"id\":\"unknown-type\"}");
			client.sendText("{\"id\":\"no-type\",\"body\":\"x\"}");
			client.sendText("{\"type\":\"send\",\"id\":\"wrong-type\",\"conversationId\":\"twelve\",\"body\":\"x\"}");
			client.sendText("{\"type\":\"send\",\"id\":\"object-body\",\"conversationId\":1,\"body\":{\"a\":1}}");
			client.sendText("{\"type\":\"read\",\"id\":\"read-list\",\"conversationId\":[1],\"seq\":1}");
			client.sendText("{\"type\":\"resume\",\"id\":\"bad-positions\",\"positions\":[1,2]}");
			List<JsonNode> errors = client.awaitCount("error", 6);
			assertThat(errors)
				.extracting((e) -> e.path("id").asString() + " " + e.path("code").asString() + " "
						+ e.path("message").asString())
				.containsExactly(
						"unknown-type validation_failed type is missing or unknown; see docs/PROTOCOL.md for the frame types.",
						"no-type validation_failed type is missing or unknown; see docs/PROTOCOL.md for the frame types.",
						"wrong-type validation_failed conversationId must be an integer.",
						"object-body validation_failed body must be a string.",
						"read-list validation_failed conversationId must be an integer.",
						"bad-positions validation_failed positions must be an object.");
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void answersAWrongMethodOrContentTypeWithItsOwnCode() {
		TestUser ann = TestUsers.signUp(this.port);
		TestApi api = TestApi.as(this.port, ann.token());
		TestApi.Response method = api.put("/api/v1/me", Map.of("displayName", "Ann"));
		assertThat(method.status()).isEqualTo(405);
		assertThat(method.code()).isEqualTo("method_not_allowed");
		assertThat(method.body().path("status").asInt()).isEqualTo(405);
		assertThat(method.headers().getAllow()).extracting(Object::toString).contains("GET", "PATCH");
		assertThat(method.body().path("detail").asString()).isEqualTo("PUT is not allowed here; use GET or PATCH.");

		TestApi.Response media = api.postAs("/api/v1/contacts", MediaType.TEXT_PLAIN, "+4915112345678");
		assertThat(media.status()).isEqualTo(415);
		assertThat(media.code()).isEqualTo("unsupported_media_type");
		assertThat(media.body().path("status").asInt()).isEqualTo(415);
		assertThat(media.headers().getAccept()).contains(MediaType.APPLICATION_JSON);
		assertThat(media.body().path("detail").asString())
			.isEqualTo("The body must be application/json, not text/plain.");
		assertThat(api.get("/api/v1/contacts").body().size()).isZero();
	}

	@Test
	void speaksTheApisLanguageInErrorsNeverJava() {
		TestUser ann = TestUsers.signUp(this.port);
		TestApi api = TestApi.as(this.port, ann.token());
		List<TestApi.Response> answers = List.of(api.get("/api/v1/conversations/abc"),
				api.get("/api/v1/conversations/1/messages?limit=ten"), api.delete("/api/v1/devices/x"),
				api.put("/api/v1/blocks/1.5", null), api.delete("/api/v1/conversations/1/members/me"),
				api.postRaw("/api/v1/groups", "{\"title\":\"t\",\"memberIds\":[\"a\"]}"),
				api.postRaw("/api/v1/groups", "{\"title\":[],\"memberIds\":[]}"),
				api.postRaw("/api/v1/contacts/sync", "{\"phones\":\"+4915112345678\"}"),
				api.get("/api/v1/presence?userIds=a,b"));
		for (TestApi.Response answer : answers) {
			assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
			assertThat(answer.code()).as(answer.body().toString()).isIn("validation_failed", "malformed_request");
			assertThat(answer.body().path("detail").asString()).as(answer.body().toString())
				.doesNotContainPattern("java\\.|String|Long|long'|Integer|Method parameter|Failed to convert");
		}
		assertThat(answers.get(0).body().path("detail").asString()).isEqualTo("id must be an integer.");
		assertThat(answers.get(5).body().path("detail").asString()).isEqualTo("memberIds[0] must be an integer.");
	}

	@Test
	void answersPathsTomcatRefusesWithProblemDetails() throws IOException {
		for (String path : List.of("/api/v1/contacts/%2F", "/api/v1/contacts/%00", "/ws%00", "/api/v1/me%2F..%2F")) {
			String response = rawGet(path);
			assertThat(response).as(path).startsWith("HTTP/1.1 400");
			assertThat(response).as(path).containsIgnoringCase("content-type: application/problem+json");
			JsonNode body = JsonMapper.builder().build().readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
			assertThat(body.path("code").asString()).as(path).isEqualTo("malformed_request");
			assertThat(body.path("status").asInt()).as(path).isEqualTo(400);
		}
	}

	@Test
	void answersAStrangerAsIfTheConversationDidNotExist() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestUser eve = TestUsers.signUp(this.port);
		TestApi annApi = TestApi.as(this.port, ann.token());
		long direct = annApi.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()))
			.body()
			.path("conversationId")
			.asLong();
		long group = annApi.post("/api/v1/groups", Map.of("title", "Private", "memberIds", List.of(bob.userId())))
			.body()
			.path("conversationId")
			.asLong();
		long missing = 999_999_999L;
		TestApi eveApi = TestApi.as(this.port, eve.token());
		for (long id : List.of(direct, group)) {
			assertThat(strangerAnswers(eveApi, id)).as("conversation %d", id)
				.isEqualTo(strangerAnswers(eveApi, missing).replace(String.valueOf(missing), String.valueOf(id)));
		}
		assertThat(strangerAnswers(eveApi, missing)).doesNotContain("403").doesNotContain("forbidden");
		try (TestClient client = TestClient.ready(this.port, eve.token())) {
			for (long id : List.of(direct, group, missing)) {
				client.send(Map.of("type", "send", "id", "s" + id, "conversationId", id, "body", "hi"));
				client.send(Map.of("type", "typing", "conversationId", id));
				client.send(Map.of("type", "read", "conversationId", id, "seq", 1));
				client.send(Map.of("type", "edit", "id", "e" + id, "conversationId", id, "seq", 1, "body", "x"));
				client.send(Map.of("type", "delete", "id", "d" + id, "conversationId", id, "seq", 1));
			}
			List<JsonNode> errors = client.awaitCount("error", 15);
			assertThat(errors).extracting((e) -> e.path("code").asString()).containsOnly("not_found");
		}
	}

	@Test
	void limitsJsonBodies() {
		TestUser ann = TestUsers.signUp(this.port);
		TestApi api = TestApi.as(this.port, ann.token());
		String big = "{\"displayName\":\"Ann\",\"padding\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
		TestApi.Response answer = api.patch("/api/v1/me", big);
		assertThat(answer.status()).isEqualTo(413);
		assertThat(answer.code()).isEqualTo("payload_too_large");
		assertThat(api.get("/api/v1/me").body().has("displayName")).isFalse();
		String justUnder = "{\"displayName\":\"Ann\",\"padding\":\"" + "x".repeat(60 * 1024) + "\"}";
		assertThat(api.patch("/api/v1/me", justUnder).status()).isEqualTo(200);
	}

	private static String strangerAnswers(TestApi api, long id) {
		String base = "/api/v1/conversations/" + id;
		List<TestApi.Response> answers = List.of(api.get(base), api.get(base + "/messages"),
				api.get(base + "/receipts"), api.post(base + "/messages", Map.of("id", "x", "body", "hi")),
				api.post(base + "/members", Map.of("userId", 1)), api.delete(base + "/members/1"),
				api.put(base + "/admins/1", null), api.post("/api/v1/rooms/" + id + "/join", null),
				api.post("/api/v1/rooms/" + id + "/leave", null));
		StringBuilder all = new StringBuilder();
		for (TestApi.Response answer : answers) {
			all.append(answer.status())
				.append(' ')
				.append(answer.code())
				.append(' ')
				.append(answer.body().path("detail").asString())
				.append('\n');
		}
		return all.toString();
	}

	private String rawGet(String path) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
