package dev.parley.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.apache.coyote.http11.Http11NioProtocol;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client frames are read and handled on Tomcat's stock NIO connector, by its request
 * workers, where a frame may wait on the database; each socket's frames are handled in
 * the order they came, on both protocols.
 */
@ParleyIntegrationTest
class FrameOrderIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	WebServerApplicationContext context;

	@Test
	void servesSocketsOnTomcatsStockConnectorWithItsDocumentedBufferAttributes() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		var connector = server.getTomcat().getConnector();
		assertThat(connector.getProtocolHandler().getClass()).isEqualTo(Http11NioProtocol.class);
		assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("1024");
		assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("1024");
		// Tomcat's WebSocket frame buffers are the command line's business alone
		assertThat(System.getProperty("org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE")).isNull();
	}

	@Test
	void handlesASocketsFramesInOrderWhenTheFirstWaitsOnTheDatabase() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token())) {
			// the first message to bob creates their conversation in the database; the
			// four after it are sent at once behind it
			for (int i = 1; i <= 5; i++) {
				annClient.send(Map.of("type", "send", "id", "m-" + i, "to", bob.userId(), "body", "hello " + i));
			}
			List<JsonNode> acks = annClient.awaitCount("ack", 5);
			long[] seqs = new long[6];
			for (JsonNode ack : acks) {
				seqs[Integer.parseInt(ack.path("id").asString().substring(2))] = ack.path("seq").asLong();
			}
			// sequenced in the order they were sent: none overtook the first
			assertThat(seqs).containsExactly(0, 1, 2, 3, 4, 5);
		}
	}

	@Test
	void handlesASeedSocketsFramesInOrder() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient bobSeed = TestClient.connectTo(this.port, "/messaging?accessToken=" + bob.token());
				TestClient annSeed = TestClient.connectTo(this.port, "/messaging?accessToken=" + ann.token())) {
			for (int i = 1; i <= 3; i++) {
				annSeed.sendText("{\"topic\":\"SEND_MESSAGE\",\"message\":{\"sendTo\":" + bob.userId()
						+ ",\"msg\":\"hello " + i + "\"}}");
			}
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> bobSeed.texts().size() >= 3);
			assertThat(bobSeed.texts()).extracting((text) -> text.replaceAll(".*\"msg\":\"([^\"]*)\".*", "$1"))
				.containsExactly("hello 1", "hello 2", "hello 3");
		}
	}

	@Test
	void answersPingsOfBothKinds() {
		TestUser ann = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token())) {
			annClient.ping("are you there");
			annClient.awaitPong("are you there");
			annClient.send(Map.of("type", "ping", "id", "p-1"));
			assertThat(annClient.await("pong").path("id").asString()).isEqualTo("p-1");
		}
	}

}
