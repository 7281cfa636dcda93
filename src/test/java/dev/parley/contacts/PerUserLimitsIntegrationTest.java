package dev.parley.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestApi.Response;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-user limits on looking up phone numbers (sync, contacts) and on opening
 * conversations, with small limits, over the real APIs.
 */
@ParleyIntegrationTest
@TestPropertySource(properties = { "parley.contacts.lookups-per-window=1500",
		"parley.conversations.new-directs-per-window=3", "parley.conversations.new-groups-per-window=2" })
class PerUserLimitsIntegrationTest {

	private static final long DAY = 24 * 3600;

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void refusesLookupsBeyondTheWindowsNumbers() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestApi api = TestApi.as(this.port, ann.token());
		List<String> book = numbers(999);
		book.add(bob.phone());
		Response first = api.post("/api/v1/contacts/sync", Map.of("phones", book));
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.body().valueStream().map((u) -> u.path("userId").asLong())).containsExactly(bob.userId());

		Response refused = api.post("/api/v1/contacts/sync", Map.of("phones", numbers(501)));
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.code()).isEqualTo("rate_limited");
		assertThat(Long.parseLong(refused.headers().getFirst("Retry-After"))).isBetween(DAY - 120, DAY);
		assertThat(this.meters.get("parley.rate.limited").tag("limit", "lookup").counter().count()).isPositive();

		// what is left of the window still passes, then adding a contact is a lookup too
		assertThat(api.post("/api/v1/contacts/sync", Map.of("phones", numbers(500))).status()).isEqualTo(200);
		Response contact = api.post("/api/v1/contacts", Map.of("phone", TestUsers.randomPhone()));
		assertThat(contact.status()).isEqualTo(429);
		assertThat(contact.code()).isEqualTo("rate_limited");
		assertThat(api.get("/api/v1/contacts").body().size()).isZero();

		// another user has a window of their own
		TestApi other = TestApi.as(this.port, TestUsers.signUp(this.port).token());
		assertThat(other.post("/api/v1/contacts/sync", Map.of("phones", numbers(1000))).status()).isEqualTo(200);
	}

	@Test
	void refusesNewDirectConversationsBeyondTheLimitOnEveryApi() {
		TestUser ann = TestUsers.signUp(this.port);
		List<TestUser> others = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			others.add(TestUsers.signUp(this.port));
		}
		TestApi api = TestApi.as(this.port, ann.token());
		assertThat(api.post("/api/v1/conversations/direct", Map.of("userId", others.get(0).userId())).status())
			.isEqualTo(200);
		// probing an id that belongs to nobody costs as much as opening one
		assertThat(api.post("/api/v1/conversations/direct", Map.of("userId", 12_345L)).code()).isEqualTo("not_found");
		try (TestClient socket = TestClient.ready(this.port, ann.token())) {
			socket.send(Map.of("type", "send", "id", "w-1", "to", others.get(1).userId(), "body", "hi"));
			assertThat(socket.await("ack").path("id").asString()).isEqualTo("w-1");
			socket.send(Map.of("type", "send", "id", "w-2", "to", others.get(2).userId(), "body", "hi"));
			assertThat(socket.await("error").path("code").asString()).isEqualTo("rate_limited");
			assertThat(socket.await("error").path("id").asString()).isEqualTo("w-2");
			// conversations that exist already are not limited
			socket.send(Map.of("type", "send", "id", "w-3", "to", others.get(1).userId(), "body", "again"));
			assertThat(socket.awaitCount("ack", 2).get(1).path("id").asString()).isEqualTo("w-3");
		}
		Response overRest = api.post("/api/v1/conversations/direct", Map.of("userId", others.get(3).userId()));
		assertThat(overRest.status()).isEqualTo(429);
		assertThat(overRest.code()).isEqualTo("rate_limited");
		assertThat(Long.parseLong(overRest.headers().getFirst("Retry-After"))).isBetween(DAY - 120, DAY);
		Response overSeed = TestApi.anonymous(this.port)
			.post("/api/message/send-message",
					Map.of("accessToken", ann.token(), "sendTo", others.get(4).userId(), "msg", "hi"));
		assertThat(overSeed.code()).isEqualTo("rate_limited");
		assertThat(api.get("/api/v1/conversations").body().size()).isEqualTo(2);

		// the one she was refused can still open it himself
		assertThat(TestApi.as(this.port, others.get(3).token())
			.post("/api/v1/conversations/direct", Map.of("userId", ann.userId()))
			.status()).isEqualTo(200);
	}

	@Test
	void refusesNewGroupsAndRoomsBeyondTheLimit() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestApi api = TestApi.as(this.port, ann.token());
		assertThat(api.post("/api/v1/groups", Map.of("title", "One", "memberIds", List.of(bob.userId()))).status())
			.isEqualTo(201);
		assertThat(api.post("/api/v1/rooms", Map.of("title", "Two")).status()).isEqualTo(201);
		Response group = api.post("/api/v1/groups", Map.of("title", "Three", "memberIds", List.of(bob.userId())));
		assertThat(group.status()).isEqualTo(429);
		assertThat(group.code()).isEqualTo("rate_limited");
		assertThat(group.headers().getFirst("Retry-After")).isNotNull();
		assertThat(api.post("/api/v1/rooms", Map.of("title", "Four")).code()).isEqualTo("rate_limited");
		assertThat(api.get("/api/v1/conversations").body().size()).isEqualTo(2);
	}

	private static List<String> numbers(int count) {
		List<String> numbers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			numbers.add(TestUsers.randomPhone());
		}
		return numbers;
	}

}
