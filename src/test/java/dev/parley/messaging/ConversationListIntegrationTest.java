package dev.parley.messaging;

import java.util.List;
import java.util.Map;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@ParleyIntegrationTest
class ConversationListIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void listsConversationsByActivityWithLastMessageAndUnreadCount() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestUser cat = TestUsers.signUp(this.port);
		TestApi annApi = TestApi.as(this.port, ann.token());
		TestApi bobApi = TestApi.as(this.port, bob.token());
		long withBob = bobApi.post("/api/v1/conversations/direct", Map.of("userId", ann.userId()))
			.body()
			.path("conversationId")
			.asLong();
		bobApi.post("/api/v1/conversations/" + withBob + "/messages", Map.of("id", "1", "body", "one"));
		bobApi.post("/api/v1/conversations/" + withBob + "/messages", Map.of("id", "2", "body", "two"));
		long group = annApi
			.post("/api/v1/groups", Map.of("title", "Trio", "memberIds", List.of(bob.userId(), cat.userId())))
			.body()
			.path("conversationId")
			.asLong();
		TestApi.Response list = annApi.get("/api/v1/conversations");
		assertThat(list.body().values()).extracting((c) -> c.path("conversationId").asLong())
			.containsExactly(group, withBob);
		JsonNode direct = list.body().get(1);
		assertThat(direct.path("kind").asString()).isEqualTo("direct");
		assertThat(direct.path("peerUserId").asLong()).isEqualTo(bob.userId());
		assertThat(direct.path("title").asString()).isEqualTo(bob.phone());
		assertThat(direct.path("unread").asLong()).isEqualTo(2);
		assertThat(direct.path("lastSeq").asLong()).isEqualTo(2);
		assertThat(direct.path("lastMessage").path("body").asString()).isEqualTo("two");
		assertThat(list.body().get(0).path("title").asString()).isEqualTo("Trio");
		assertThat(bobApi.post("/api/v1/conversations/" + withBob + "/messages", Map.of("id", "1", "body", "one"))
			.body()
			.path("seq")
			.asLong()).isEqualTo(1);
		assertThat(annApi.get("/api/v1/conversations").body().get(1).path("unread").asLong()).isEqualTo(2);
	}

	@Test
	void pagesThroughHistoryBackwardsAndForwards() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestApi annApi = TestApi.as(this.port, ann.token());
		long id = annApi.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()))
			.body()
			.path("conversationId")
			.asLong();
		for (int i = 1; i <= 7; i++) {
			annApi.post("/api/v1/conversations/" + id + "/messages", Map.of("id", "h" + i, "body", "m" + i));
		}
		JsonNode newest = annApi.get("/api/v1/conversations/" + id + "/messages?limit=3").body();
		assertThat(seqs(newest)).containsExactly(5L, 6L, 7L);
		assertThat(newest.path("hasMore").asBoolean()).isTrue();
		JsonNode older = annApi.get("/api/v1/conversations/" + id + "/messages?limit=3&before=5").body();
		assertThat(seqs(older)).containsExactly(2L, 3L, 4L);
		JsonNode oldest = annApi.get("/api/v1/conversations/" + id + "/messages?limit=3&before=2").body();
		assertThat(seqs(oldest)).containsExactly(1L);
		assertThat(oldest.path("hasMore").asBoolean()).isFalse();
		JsonNode forward = annApi.get("/api/v1/conversations/" + id + "/messages?after=5").body();
		assertThat(seqs(forward)).containsExactly(6L, 7L);
		assertThat(annApi.get("/api/v1/conversations/" + id + "/messages?limit=500").code())
			.isEqualTo("validation_failed");
		assertThat(annApi.get("/api/v1/conversations/" + id + "/messages?before=3&after=1").code())
			.isEqualTo("validation_failed");
		assertThat(annApi.get("/api/v1/conversations/999999999/messages").code()).isEqualTo("not_found");
		assertThat(TestApi.anonymous(this.port).get("/api/v1/conversations").code()).isEqualTo("unauthenticated");
	}

	private static List<Long> seqs(JsonNode page) {
		return page.path("events").values().stream().map((e) -> e.path("seq").asLong()).toList();
	}

}
