package dev.parley.contacts;

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
 * Who sees whose phone number, over the real REST and WebSocket APIs: only people who
 * have the number in their contacts, whom its owner has in theirs, or who share a direct
 * conversation or group into which the owner came by their own act or through someone who
 * knows the number. Sharing a public room reveals nothing.
 */
@ParleyIntegrationTest
class PhoneNumberPrivacyIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void aStrangerInAPublicRoomSeesNoNumberOnAnyApi() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestApi annApi = TestApi.as(this.port, ann.token());
		TestApi bobApi = TestApi.as(this.port, bob.token());
		long room = annApi.post("/api/v1/rooms", Map.of("title", "Open")).body().path("conversationId").asLong();
		try (TestClient bobSocket = TestClient.ready(this.port, bob.token())) {
			assertThat(bobApi.post("/api/v1/rooms/" + room + "/join", null).status()).isEqualTo(200);
			try (TestClient annSocket = TestClient.ready(this.port, ann.token())) {
				annSocket.send(Map.of("type", "send", "id", "r-1", "conversationId", room, "body", "hello room"));
				annSocket.await("ack");
			}
			bobSocket.await((f) -> "message".equals(f.path("type").asString()));

			Response detail = bobApi.get("/api/v1/conversations/" + room);
			JsonNode annAsMember = member(detail.body(), ann.userId());
			assertThat(annAsMember.has("phone")).isFalse();
			assertThat(annAsMember.has("displayName")).isFalse();

			// opening a direct conversation with her id does not reveal her number either
			Response direct = bobApi.post("/api/v1/conversations/direct", Map.of("userId", ann.userId()));
			assertThat(direct.status()).isEqualTo(200);
			assertThat(bobApi.put("/api/v1/blocks/" + ann.userId(), null).status()).isEqualTo(204);

			List<String> bodies = List.of(detail.body().toString(), direct.body().toString(),
					bobApi.get("/api/v1/conversations").body().toString(),
					bobApi.get("/api/v1/conversations/" + room + "/messages").body().toString(),
					bobApi.get("/api/v1/blocks").body().toString(),
					bobApi.get("/api/v1/presence?userIds=" + ann.userId()).body().toString());
			assertThat(bodies).noneMatch((body) -> body.contains(ann.phone()));
			assertThat(bobSocket.texts()).isNotEmpty().noneMatch((frame) -> frame.contains(ann.phone()));
		}
	}

	@Test
	void aContactSeesTheNumberAndIsShownTheirs() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser cat = TestUsers.signUp(this.port);
		TestApi annApi = TestApi.as(this.port, ann.token());
		TestApi catApi = TestApi.as(this.port, cat.token());
		catApi.post("/api/v1/contacts", Map.of("phone", ann.phone()));
		long room = annApi.post("/api/v1/rooms", Map.of("title", "Open")).body().path("conversationId").asLong();
		catApi.post("/api/v1/rooms/" + room + "/join", null);

		assertThat(member(catApi.get("/api/v1/conversations/" + room).body(), ann.userId()).path("phone").asString())
			.isEqualTo(ann.phone());
		// Cat keeps Ann's number, so Cat's is shown to Ann; Dan's, who knows neither, to
		// nobody
		TestUser dan = TestUsers.signUp(this.port);
		TestApi.as(this.port, dan.token()).post("/api/v1/rooms/" + room + "/join", null);
		JsonNode seenByAnn = annApi.get("/api/v1/conversations/" + room).body();
		assertThat(member(seenByAnn, cat.userId()).path("phone").asString()).isEqualTo(cat.phone());
		assertThat(member(seenByAnn, dan.userId()).has("phone")).isFalse();
		assertThat(member(TestApi.as(this.port, dan.token()).get("/api/v1/conversations/" + room).body(), ann.userId())
			.has("phone")).isFalse();
	}

	@Test
	void groupMembersSeeTheNumbersOfThoseTheCreatorKnows() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestUser dan = TestUsers.signUp(this.port);
		TestUser eve = TestUsers.signUp(this.port);
		TestApi annApi = TestApi.as(this.port, ann.token());
		annApi.post("/api/v1/contacts", Map.of("phone", bob.phone()));
		annApi.post("/api/v1/contacts", Map.of("phone", dan.phone()));
		long group = annApi
			.post("/api/v1/groups", Map.of("title", "Climbing", "memberIds", List.of(bob.userId(), dan.userId())))
			.body()
			.path("conversationId")
			.asLong();
		// Eve is added by id only: Ann does not know her number
		annApi.post("/api/v1/conversations/" + group + "/members", Map.of("userId", eve.userId()));

		JsonNode seenByBob = TestApi.as(this.port, bob.token()).get("/api/v1/conversations/" + group).body();
		assertThat(member(seenByBob, ann.userId()).path("phone").asString()).isEqualTo(ann.phone());
		assertThat(member(seenByBob, dan.userId()).path("phone").asString()).isEqualTo(dan.phone());
		assertThat(member(seenByBob, eve.userId()).has("phone")).isFalse();
		JsonNode seenByEve = TestApi.as(this.port, eve.token()).get("/api/v1/conversations/" + group).body();
		assertThat(member(seenByEve, ann.userId()).path("phone").asString()).isEqualTo(ann.phone());
		assertThat(member(seenByEve, bob.userId()).path("phone").asString()).isEqualTo(bob.phone());
	}

	@Test
	void whoStartsADirectConversationShowsTheirNumberNotThePeers() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestApi annApi = TestApi.as(this.port, ann.token());
		TestApi bobApi = TestApi.as(this.port, bob.token());
		JsonNode opened = annApi.post("/api/v1/conversations/direct", Map.of("userId", bob.userId())).body();
		long direct = opened.path("conversationId").asLong();
		assertThat(opened.toString()).doesNotContain(bob.phone());
		assertThat(annApi.get("/api/v1/conversations").body().toString()).doesNotContain(bob.phone());

		JsonNode seenByBob = bobApi.get("/api/v1/conversations/" + direct).body();
		assertThat(seenByBob.path("title").asString()).isEqualTo(ann.phone());
		assertThat(member(seenByBob, ann.userId()).path("phone").asString()).isEqualTo(ann.phone());
		JsonNode inBobsList = bobApi.get("/api/v1/conversations")
			.body()
			.valueStream()
			.filter((c) -> c.path("conversationId").asLong() == direct)
			.findFirst()
			.orElseThrow();
		assertThat(inBobsList.path("title").asString()).isEqualTo(ann.phone());

		TestApi.as(this.port, ann.token()).patch("/api/v1/me", Map.of("displayName", "Ann"));
		assertThat(bobApi.get("/api/v1/conversations/" + direct).body().path("title").asString()).isEqualTo("Ann");
	}

	@Test
	void aNewUserHasNoDisplayNameUntilTheySetOne() {
		TestUser ann = TestUsers.signUp(this.port);
		TestApi annApi = TestApi.as(this.port, ann.token());
		JsonNode me = annApi.get("/api/v1/me").body();
		assertThat(me.path("phone").asString()).isEqualTo(ann.phone());
		assertThat(me.has("displayName")).isFalse();
		assertThat(annApi.patch("/api/v1/me", Map.of("displayName", "Ann")).body().path("displayName").asString())
			.isEqualTo("Ann");
	}

	private static JsonNode member(JsonNode conversation, long userId) {
		return conversation.path("members")
			.valueStream()
			.filter((m) -> m.path("userId").asLong() == userId)
			.findFirst()
			.orElseThrow();
	}

}
