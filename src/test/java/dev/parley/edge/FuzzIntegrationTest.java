package dev.parley.edge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import dev.parley.common.ErrorCode;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input, generated from a fixed seed, on every client frame type and every REST
 * body: each input breaks at least one field (text no database stores, a wrong JSON type,
 * a fractional or huge id, a missing field, nested junk), sometimes with unknown fields
 * beside. Each gets its documented error, the socket stays open, and nothing changes.
 */
@ParleyIntegrationTest
class FuzzIntegrationTest {

	private static final Set<String> CODES = Arrays.stream(ErrorCode.values())
		.map(ErrorCode::code)
		.collect(Collectors.toSet());

	/** JSON values (as they go on the wire) that no text field accepts. */
	private static final List<String> BAD_TEXT = List.of("\"\\u0000\"", "\"a\\ud800b\"", "\"\\udfff\"", "\"\\uffff\"",
			"\"\\u001b[2J\"", "{\"nested\":{\"junk\":[1,{\"a\":null}]}}", "[]", "[\"x\",1]",
			"\"" + "x".repeat(5_000) + "\"");

	/** JSON values that no id or sequence number accepts. */
	private static final List<String> BAD_NUMBER = List.of("71.9", "1e30", "99999999999999999999999", "\"abc\"", "true",
			"{}", "[1]", "-1.5", "\"\\u0000\"");

	/** JSON values that no name (display name, title, label) accepts. */
	private static final List<String> BAD_NAME = List.of("\"evil\\u202Egnp.exe\"", "\"zero\\u200Bwidth\"",
			"\"\\u2066x\\u2069\"", "\"\\ufeffAnn\"", "\"\\u0000\"", "\"\\ud800\"", "{}", "[\"a\"]");

	/** JSON values that no list field accepts. */
	private static final List<String> BAD_LIST = List.of("{}", "\"x\"", "71.9", "[{\"a\":1}]", "[[1]]", "true",
			"[" + "0,".repeat(20_000) + "0]");

	private final Random random = new Random(30);

	@LocalServerPort
	int port;

	@Test
	void answersEveryHostileFrameWithItsErrorAndChangesNothing() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestApi api = TestApi.as(this.port, ann.token());
		long conversationId = api.directWith(bob.userId());
		api.post("/api/v1/conversations/" + conversationId + "/messages", Map.of("id", "m1", "body", "first"));
		String before = state(api, conversationId);
		String cid = String.valueOf(conversationId);
		List<Map<String, String>> templates = List.of(
				frame("send", "id", "\"s\"", "conversationId", cid, "body", "\"hi\""),
				frame("send", "id", "\"t\"", "to", String.valueOf(bob.userId()), "body", "\"hi\""),
				frame("edit", "id", "\"e\"", "conversationId", cid, "seq", "1", "body", "\"new\""),
				frame("delete", "id", "\"d\"", "conversationId", cid, "seq", "1"),
				frame("received", "id", "\"r\"", "conversationId", cid, "seq", "1"),
				frame("read", "id", "\"q\"", "conversationId", cid, "seq", "1"),
				frame("typing", "id", "\"y\"", "conversationId", cid), frame("ping", "id", "\"p\""),
				frame("resume", "id", "\"u\"", "positions", "{\"" + cid + "\":1}"),
				frame("auth", "id", "\"a\"", "token", "\"" + ann.token() + "\""));
		for (int round = 0; round < 3; round++) {
			try (TestClient client = TestClient.ready(this.port, ann.token())) {
				List<String> ids = new ArrayList<>();
				for (int i = 0; i < 60; i++) {
					Map<String, String> fields = new LinkedHashMap<>(
							templates.get(this.random.nextInt(templates.size())));
					String id = "f" + round + "-" + i;
					fields.put("id", "\"" + id + "\"");
					breakOneField(fields);
					ids.add(("\"" + id + "\"").equals(fields.get("id")) ? id : "");
					client.sendText(json(fields));
				}
				List<JsonNode> errors = client.awaitCount("error", ids.size());
				for (int i = 0; i < ids.size(); i++) {
					JsonNode error = errors.get(i);
					assertThat(CODES).as(error.toString()).contains(error.path("code").asString());
					assertThat(error.path("code").asString()).as(error.toString())
						.isNotIn("internal_error", "rate_limited");
					assertThat(error.path("id").asString()).as(error.toString()).isEqualTo(ids.get(i));
				}
				client.send(Map.of("type", "ping", "id", "alive"));
				assertThat(client.await("pong").path("id").asString()).isEqualTo("alive");
				assertThat(client.ofType("ack")).isEmpty();
				assertThat(client.isClosed()).isFalse();
			}
		}
		assertThat(state(api, conversationId)).isEqualTo(before);
	}

	@Test
	void answersEveryHostileRestBodyWithItsErrorAndChangesNothing() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestApi api = TestApi.as(this.port, ann.token());
		long conversationId = api.directWith(bob.userId());
		api.post("/api/v1/conversations/" + conversationId + "/messages", Map.of("id", "m1", "body", "first"));
		String before = state(api, conversationId);
		String phone = "\"" + TestUsers.randomPhone() + "\"";
		String token = "\"" + ann.token() + "\"";
		String bobId = String.valueOf(bob.userId());
		Map<String, Map<String, String>> bodies = new LinkedHashMap<>();
		bodies.put("POST /api/v1/auth/code", Map.of("phone", phone));
		bodies.put("POST /api/v1/auth/login", Map.of("phone", phone, "code", "\"123456\""));
		bodies.put("PATCH /api/v1/me", Map.of("displayName", "\"Ann\""));
		bodies.put("POST /api/v1/contacts", Map.of("phone", phone, "name", "\"Cat\""));
		bodies.put("POST /api/v1/contacts/sync", Map.of("phones", "[" + phone + "]"));
		bodies.put("POST /api/v1/conversations/direct", Map.of("userId", bobId));
		bodies.put("POST /api/v1/groups", Map.of("title", "\"Club\"", "memberIds", "[" + bobId + "]"));
		bodies.put("POST /api/v1/conversations/" + conversationId + "/members", Map.of("userId", bobId));
		bodies.put("POST /api/v1/rooms", Map.of("title", "\"Lobby\""));
		bodies.put("POST /api/v1/conversations/" + conversationId + "/messages",
				Map.of("id", "\"x\"", "body", "\"hi\""));
		bodies.put("POST /api/auth/getcode", Map.of("mobile", phone));
		bodies.put("POST /api/auth/login", Map.of("mobile", phone, "activationCode", "\"123456\""));
		bodies.put("POST /api/auth/getcontacts", Map.of("accessToken", "{\"a\":1}"));
		bodies.put("POST /api/message/send-message", Map.of("accessToken", token, "sendTo", bobId, "msg", "\"hi\""));
		List<String> calls = new ArrayList<>(bodies.keySet());
		for (int i = 0; i < 200; i++) {
			String call = calls.get(this.random.nextInt(calls.size()));
			Map<String, String> fields = new LinkedHashMap<>(bodies.get(call));
			if (!call.endsWith("getcontacts")) {
				breakOneField(fields);
			}
			String method = call.substring(0, call.indexOf(' '));
			String path = call.substring(call.indexOf(' ') + 1);
			String body = json(fields);
			TestApi.Response answer = method.equals("PATCH") ? api.patch(path, body) : api.postRaw(path, body);
			assertThat(answer.status()).as(call + " " + abbreviate(body)).isBetween(400, 499);
			assertThat(CODES).as(call + " " + answer.body()).contains(answer.code());
			assertThat(ErrorCode.fromCode(answer.code()).orElseThrow().httpStatus()).as(call + " " + answer.body())
				.isEqualTo(answer.status());
		}
		assertThat(state(api, conversationId)).isEqualTo(before);
	}

	/**
	 * Replaces one field with a value it cannot take, drops it, or adds junk beside it.
	 */
	private void breakOneField(Map<String, String> fields) {
		List<String> names = new ArrayList<>(fields.keySet());
		names.remove("type");
		String name = names.get(this.random.nextInt(names.size()));
		String value = fields.get(name);
		boolean number = value.matches("-?[0-9]+");
		boolean nameLike = Set.of("displayName", "title", "name").contains(name);
		List<String> pool = value.startsWith("[") ? BAD_LIST : number ? BAD_NUMBER : nameLike ? BAD_NAME : BAD_TEXT;
		// optional fields (an id is optional on most frames) are broken, never left out
		boolean optional = Set.of("name", "token", "id", "positions").contains(name);
		if (this.random.nextInt(8) == 0 && !optional) {
			fields.remove(name);
		}
		else {
			fields.put(name, pool.get(this.random.nextInt(pool.size())));
		}
		if (this.random.nextBoolean()) {
			fields.put("unknown" + this.random.nextInt(3), BAD_TEXT.get(this.random.nextInt(BAD_TEXT.size() - 1)));
		}
	}

	private static Map<String, String> frame(String type, String... pairs) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("type", "\"" + type + "\"");
		for (int i = 0; i < pairs.length; i += 2) {
			fields.put(pairs[i], pairs[i + 1]);
		}
		return fields;
	}

	private static String json(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map((field) -> "\"" + field.getKey() + "\":" + field.getValue())
			.collect(Collectors.joining(",", "{", "}"));
	}

	private static String state(TestApi api, long conversationId) {
		return api.get("/api/v1/me").body() + "\n" + api.get("/api/v1/contacts").body() + "\n"
				+ api.get("/api/v1/conversations").body() + "\n"
				+ api.get("/api/v1/conversations/" + conversationId + "/messages").body() + "\n"
				+ api.get("/api/v1/devices").body().size() + "\n" + api.get("/api/v1/rooms").body().size();
	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "…" : text;
	}

}
