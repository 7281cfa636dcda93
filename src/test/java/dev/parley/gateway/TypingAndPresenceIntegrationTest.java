package dev.parley.gateway;

import java.util.List;
import java.util.Map;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@ParleyIntegrationTest
class TypingAndPresenceIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void showsTypingToTheOtherMembersOnly() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		long conversationId = TestApi.as(this.port, ann.token())
			.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()))
			.body()
			.path("conversationId")
			.asLong();
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobClient = TestClient.ready(this.port, bob.token())) {
			annClient.send(Map.of("type", "typing", "conversationId", conversationId));
			JsonNode typing = bobClient.await("typing");
			assertThat(typing.path("conversationId").asLong()).isEqualTo(conversationId);
			assertThat(typing.path("userId").asLong()).isEqualTo(ann.userId());
			annClient.send(Map.of("type", "ping", "id", "after-typing"));
			annClient.await("pong");
			assertThat(annClient.ofType("typing")).isEmpty();
		}
	}

	@Test
	void tellsPeersWhenSomeoneComesOnlineAndGoesOffline() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestApi.as(this.port, ann.token()).post("/api/v1/conversations/direct", Map.of("userId", bob.userId()));
		try (TestClient bobClient = TestClient.ready(this.port, bob.token())) {
			try (TestClient annClient = TestClient.ready(this.port, ann.token())) {
				JsonNode online = bobClient.await((f) -> "presence".equals(f.path("type").asString())
						&& f.path("userId").asLong() == ann.userId() && f.path("online").asBoolean());
				assertThat(online.path("lastSeen").isMissingNode()).isTrue();
				assertThat(TestApi.as(this.port, bob.token()).online(ann.userId())).isTrue();
			}
			JsonNode offline = bobClient.await((f) -> "presence".equals(f.path("type").asString())
					&& f.path("userId").asLong() == ann.userId() && !f.path("online").asBoolean());
			assertThat(offline.path("lastSeen").asString()).isNotEmpty();
		}
		TestUser stranger = TestUsers.signUp(this.port);
		assertThat(TestApi.as(this.port, stranger.token()).online(ann.userId())).isFalse();
	}

	@Test
	void showsPresenceOnlyToDirectConversationPeers() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser peer = TestUsers.signUp(this.port);
		TestUser contact = TestUsers.signUp(this.port);
		TestUser groupMember = TestUsers.signUp(this.port);
		TestApi annApi = TestApi.as(this.port, ann.token());
		annApi.directWith(peer.userId());
		annApi.post("/api/v1/groups", Map.of("title", "Team", "memberIds", List.of(groupMember.userId())));
		TestApi contactApi = TestApi.as(this.port, contact.token());
		contactApi.post("/api/v1/contacts", Map.of("phone", ann.phone()));
		try (TestClient annClient = TestClient.ready(this.port, ann.token())) {
			TestApi peerApi = TestApi.as(this.port, peer.token());
			Awaitility.await().until(() -> peerApi.online(ann.userId()));
			// knowing her number, or sharing a group, lets nobody watch her
			for (TestApi other : List.of(contactApi, TestApi.as(this.port, groupMember.token()))) {
				JsonNode presence = other.get("/api/v1/presence?userIds=" + ann.userId()).body().get(0);
				assertThat(presence.path("online").asBoolean()).isFalse();
				assertThat(presence.has("lastSeen")).isFalse();
			}
		}
	}

}
