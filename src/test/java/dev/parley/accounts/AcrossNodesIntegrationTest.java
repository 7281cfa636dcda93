package dev.parley.accounts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.parley.ParleyNode;
import dev.parley.TestApi;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import dev.parley.infra.internal.TestKafkaBroker;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes, one broker, one database: revoking a token on one node ends it on the other
 * (REST and its open socket) without waiting for the token cache to expire, and a block
 * made on one node refuses messages sent through the other.
 */
@Tag("integration")
@Timeout(240)
class AcrossNodesIntegrationTest {

	/**
	 * Far below the token cache's lifetime (minutes): only the control notice can explain
	 * it.
	 */
	private static final Duration NOTICE = Duration.ofSeconds(5);

	@TempDir
	Path dir;

	@Test
	void revocationAndBlocksReachEveryNode() {
		String database = "jdbc:h2:file:" + this.dir.resolve("db/shared").toAbsolutePath()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
		try (TestKafkaBroker broker = TestKafkaBroker.start(this.dir.resolve("kafka"));
				ParleyNode node1 = node("node-1", broker, database);
				ParleyNode node2 = node("node-2", broker, database)) {
			TestUser annLaptop = TestUsers.signUp(node1.port());
			TestUser annPhone = TestUsers.signUp(node2.port(), annLaptop.phone());
			TestUser bob = TestUsers.signUp(node2.port());
			TestApi phoneOnNode2 = TestApi.as(node2.port(), annPhone.token());
			assertThat(phoneOnNode2.get("/api/v1/me").status()).isEqualTo(200);
			long conversation = phoneOnNode2.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()))
				.body()
				.path("conversationId")
				.asLong();
			assertThat(send(phoneOnNode2, conversation, "m-1").status()).isEqualTo(201);

			TestApi bobOnNode1 = TestApi.as(node1.port(), bob.token());
			assertThat(bobOnNode1.put("/api/v1/blocks/" + annLaptop.userId(), null).status()).isEqualTo(204);
			Awaitility.await()
				.atMost(NOTICE)
				.until(() -> "blocked".equals(send(phoneOnNode2, conversation, "m-" + System.nanoTime()).code()));
			assertThat(bobOnNode1.delete("/api/v1/blocks/" + annLaptop.userId()).status()).isEqualTo(204);
			Awaitility.await()
				.atMost(NOTICE)
				.until(() -> send(phoneOnNode2, conversation, "m-" + System.nanoTime()).status() == 201);

			try (TestClient phoneSocket = TestClient.ready(node2.port(), annPhone.token())) {
				TestApi laptopOnNode1 = TestApi.as(node1.port(), annLaptop.token());
				assertThat(laptopOnNode1.delete("/api/v1/devices/" + annPhone.deviceId()).status()).isEqualTo(204);
				assertThat(phoneSocket.awaitCloseWithin(NOTICE)).isEqualTo(4403);
				Awaitility.await().atMost(NOTICE).until(() -> phoneOnNode2.get("/api/v1/me").status() == 401);
				assertThat(laptopOnNode1.get("/api/v1/me").status()).isEqualTo(200);
			}
		}
	}

	private static TestApi.Response send(TestApi api, long conversation, String id) {
		return api.post("/api/v1/conversations/" + conversation + "/messages", Map.of("id", id, "body", "hello"));
	}

	private ParleyNode node(String id, TestKafkaBroker broker, String database) {
		return ParleyNode.start(this.dir.resolve(id), "parley.node-id=" + id,
				"spring.kafka.bootstrap-servers=" + broker.bootstrapServers(), "spring.datasource.url=" + database);
	}

}
