package dev.parley.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
class GroupsAndRoomsIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void deliversGroupMessagesToEveryMemberInOneOrderUnderConcurrentSenders() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestUser cat = TestUsers.signUp(this.port);
		TestApi.Response group = TestApi.as(this.port, ann.token())
			.post("/api/v1/groups", Map.of("title", "Climbing", "memberIds", List.of(bob.userId(), cat.userId())));
		assertThat(group.status()).isEqualTo(201);
		long conversationId = group.body().path("conversationId").asLong();
		assertThat(group.body().path("members")).hasSize(3);
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobClient = TestClient.ready(this.port, bob.token());
				TestClient catClient = TestClient.ready(this.port, cat.token())) {
			List<CompletableFuture<Void>> senders = new ArrayList<>();
			for (TestClient sender : List.of(annClient, bobClient)) {
				senders.add(CompletableFuture.runAsync(() -> {
					for (int i = 0; i < 30; i++) {
						sender.send(Map.of("type", "send", "id", "c-" + i, "conversationId", conversationId, "body",
								sender.hashCode() + "/" + i));
					}
				}));
			}
			senders.forEach(CompletableFuture::join);
			List<JsonNode> seenByCat = catClient.awaitCount("message", 60);
			List<Long> seqs = seenByCat.stream().map((m) -> m.path("seq").asLong()).toList();
			assertThat(seqs).isSorted().doesNotHaveDuplicates().hasSize(60);
			assertThat(seqs.get(59) - seqs.get(0)).isEqualTo(59);
			List<String> catOrder = bodies(seenByCat);
			List<JsonNode> annSeen = annClient.awaitCount("message", 30);
			List<JsonNode> bobSeen = bobClient.awaitCount("message", 30);
			assertThat(annClient.awaitCount("ack", 30)).hasSize(30);
			assertThat(bodies(annSeen))
				.isEqualTo(catOrder.stream().filter((b) -> !b.startsWith(annClient.hashCode() + "/")).toList());
			assertThat(bodies(bobSeen))
				.isEqualTo(catOrder.stream().filter((b) -> !b.startsWith(bobClient.hashCode() + "/")).toList());
		}
	}

	@Test
	void announcesMembershipChangesAndStopsDeliveringToRemovedMembers() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestUser cat = TestUsers.signUp(this.port);
		TestApi annApi = TestApi.as(this.port, ann.token());
		long conversationId = annApi
			.post("/api/v1/groups", Map.of("title", "Book club", "memberIds", List.of(bob.userId())))
			.body()
			.path("conversationId")
			.asLong();
		try (TestClient bobClient = TestClient.ready(this.port, bob.token());
				TestClient catClient = TestClient.ready(this.port, cat.token())) {
			assertThat(TestApi.as(this.port, bob.token())
				.post("/api/v1/conversations/" + conversationId + "/members", Map.of("userId", cat.userId()))
				.code()).isEqualTo("forbidden");
			assertThat(
					annApi.post("/api/v1/conversations/" + conversationId + "/members", Map.of("userId", cat.userId()))
						.status())
				.isEqualTo(200);
			JsonNode added = catClient.await("member");
			assertThat(added.path("change").asString()).isEqualTo("added");
			assertThat(added.path("userId").asLong()).isEqualTo(cat.userId());
			assertThat(annApi.delete("/api/v1/conversations/" + conversationId + "/members/" + bob.userId()).status())
				.isEqualTo(204);
			JsonNode removed = bobClient.await((f) -> "removed".equals(f.path("change").asString()));
			assertThat(removed.path("userId").asLong()).isEqualTo(bob.userId());
			annApi.post("/api/v1/conversations/" + conversationId + "/messages",
					Map.of("id", "after", "body", "bob is gone"));
			assertThat(catClient.await("message").path("body").asString()).isEqualTo("bob is gone");
			List<Long> bobSeqs = bobClient.frames().stream().map((f) -> f.path("seq").asLong()).toList();
			assertThat(bobClient.ofType("message")).isEmpty();
			assertThat(bobClient.ofType("member")).extracting((f) -> f.path("change").asString())
				.containsExactly("created", "added", "removed");
			assertThat(bobSeqs).isNotEmpty();
			TestApi.Response refused = TestApi.as(this.port, bob.token())
				.post("/api/v1/conversations/" + conversationId + "/messages", Map.of("id", "x", "body", "let me in"));
			assertThat(refused.status()).isEqualTo(404);
			assertThat(refused.code()).isEqualTo("not_found");
		}
	}

	@Test
	void letsAnyoneJoinARoomAndReadItsRecentHistory() {
		TestUser host = TestUsers.signUp(this.port);
		TestUser guest = TestUsers.signUp(this.port);
		TestApi hostApi = TestApi.as(this.port, host.token());
		TestApi guestApi = TestApi.as(this.port, guest.token());
		long roomId = hostApi.post("/api/v1/rooms", Map.of("title", "Lobby " + host.userId()))
			.body()
			.path("conversationId")
			.asLong();
		hostApi.post("/api/v1/conversations/" + roomId + "/messages", Map.of("id", "w", "body", "welcome"));
		JsonNode listed = guestApi.get("/api/v1/rooms").body();
		assertThat(listed.values()).anySatisfy((room) -> {
			assertThat(room.path("conversationId").asLong()).isEqualTo(roomId);
			assertThat(room.path("member").asBoolean()).isFalse();
		});
		assertThat(guestApi.post("/api/v1/rooms/" + roomId + "/join", null).status()).isEqualTo(200);
		JsonNode history = guestApi.get("/api/v1/conversations/" + roomId + "/messages").body();
		assertThat(history.path("events").values())
			.extracting((e) -> e.path("type").asString() + ":"
					+ (e.path("body").isMissingNode() ? e.path("change").asString() : e.path("body").asString()))
			.containsExactly("member:created", "message:welcome", "member:joined");
		try (TestClient guestClient = TestClient.ready(this.port, guest.token())) {
			hostApi.post("/api/v1/conversations/" + roomId + "/messages", Map.of("id", "w2", "body", "hi guest"));
			assertThat(guestClient.awaitCount("message", 2)).extracting((m) -> m.path("body").asString())
				.containsExactly("welcome", "hi guest");
		}
		assertThat(guestApi.post("/api/v1/rooms/" + roomId + "/leave", null).status()).isEqualTo(204);
		assertThat(
				guestApi.post("/api/v1/conversations/" + roomId + "/messages", Map.of("id", "z", "body", "bye")).code())
			.isEqualTo("forbidden");
	}

	private static List<String> bodies(List<JsonNode> messages) {
		return messages.stream().map((m) -> m.path("body").asString()).toList();
	}

}
