package dev.parley.gateway.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import dev.parley.infra.NonBlockingThreads;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * In the running server, Tomcat's poller reads WebSocket frames itself; a frame that
 * needs the database goes to a frame thread, and the socket's later frames wait for it.
 */
@ParleyIntegrationTest
class InlineReadIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	WebServerApplicationContext context;

	@Autowired
	MeterRegistry meters;

	@Autowired
	DataSource dataSource;

	@Test
	void readsTheFramesOfASocketOnThePoller() {
		InlineNioProtocol protocol = protocol();
		assertThat(protocol.getInlineReads()).isTrue();
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobClient = TestClient.ready(this.port, bob.token())) {
			annClient.send(Map.of("type", "send", "id", "first", "to", bob.userId(), "body", "hello"));
			annClient.await("ack");
			long before = protocol.inlineReadCount();
			for (int i = 1; i <= 20; i++) {
				annClient.send(Map.of("type", "send", "id", "m-" + i, "to", bob.userId(), "body", "hello " + i));
				annClient.awaitCount("ack", i + 1);
			}
			annClient.awaitCount("ack", 21);
			bobClient.awaitCount("message", 21);
			// one read per frame at least when the client waits between them; presence
			// and
			// the other tests' sockets may add to it
			assertThat(protocol.inlineReadCount() - before).isGreaterThanOrEqualTo(20);
		}
	}

	@Test
	void handsAFrameThatNeedsTheDatabaseToAFrameThreadAndKeepsTheSocketsOrder() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		double before = offloaded();
		try (TestClient annClient = TestClient.ready(this.port, ann.token())) {
			// the first message to bob creates their conversation: a database read the
			// poller may not wait for; the four after it are sent at once behind it
			for (int i = 1; i <= 5; i++) {
				annClient.send(Map.of("type", "send", "id", "m-" + i, "to", bob.userId(), "body", "hello " + i));
			}
			List<JsonNode> acks = annClient.awaitCount("ack", 5);
			long[] seqs = new long[6];
			for (JsonNode ack : acks) {
				seqs[Integer.parseInt(ack.path("id").asString().substring(2))] = ack.path("seq").asLong();
			}
			// sequenced in the order they were sent: none overtook the first
			for (int i = 2; i <= 5; i++) {
				assertThat(seqs[i]).as("m-" + i).isGreaterThan(seqs[i - 1]);
			}
		}
		assertThat(offloaded() - before).isGreaterThanOrEqualTo(1);
	}

	@Test
	void handsOffASeedFrameThatNeedsTheDatabaseAndKeepsTheSocketsOrder() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestUser carol = TestUsers.signUp(this.port);
		try (TestClient carolClient = TestClient.ready(this.port, carol.token())) {
			carolClient.send(Map.of("type", "send", "id", "c-1", "to", ann.userId(), "body", "while you were away"));
			carolClient.await("ack");
		}
		double before = offloaded();
		try (TestClient bobSeed = TestClient.connectTo(this.port, "/messaging?accessToken=" + bob.token());
				TestClient annSeed = TestClient.connectTo(this.port, "/messaging?accessToken=" + ann.token())) {
			// the replay of carol's message comes after the socket is open and read by
			// the poller (frames that arrive during the upgrade are read by its worker)
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> annSeed.texts().size() == 1);
			for (int i = 1; i <= 3; i++) {
				annSeed.sendText("{\"topic\":\"SEND_MESSAGE\",\"message\":{\"sendTo\":" + bob.userId()
						+ ",\"msg\":\"hello " + i + "\"}}");
			}
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> bobSeed.texts().size() >= 3);
			assertThat(bobSeed.texts()).extracting((text) -> text.replaceAll(".*\"msg\":\"([^\"]*)\".*", "$1"))
				.containsExactly("hello 1", "hello 2", "hello 3");
		}
		assertThat(offloaded() - before).isGreaterThanOrEqualTo(1);
	}

	@Test
	void answersAPingReadOnThePoller() {
		TestUser ann = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token())) {
			long before = protocol().inlineReadCount();
			annClient.ping("are you there");
			annClient.awaitPong("are you there");
			assertThat(protocol().inlineReadCount()).isGreaterThan(before);
			annClient.send(Map.of("type", "ping", "id", "p-1"));
			assertThat(annClient.await("pong").path("id").asString()).isEqualTo("p-1");
		}
	}

	@Test
	void authenticatesAFirstFrameOnAFrameThread() {
		TestUser ann = TestUsers.signUp(this.port);
		double before = offloaded();
		try (TestClient anonymous = TestClient.connectAnonymously(this.port)) {
			// what arrives during the upgrade is read by its worker: a ping first, whose
			// answer means the socket is open and handed to the poller
			anonymous.ping("open?");
			anonymous.awaitPong("open?");
			anonymous.send(Map.of("type", "auth", "token", ann.token()));
			assertThat(anonymous.await("ready").path("userId").asLong()).isEqualTo(ann.userId());
		}
		assertThat(offloaded() - before).isGreaterThanOrEqualTo(1);
	}

	@Test
	void refusesDatabaseConnectionsToAThreadThatMustNotWait() throws Exception {
		NonBlockingThreads.enter();
		try {
			assertThatThrownBy(this.dataSource::getConnection)
				.isInstanceOf(NonBlockingThreads.WouldBlockException.class);
		}
		finally {
			NonBlockingThreads.exit();
		}
		try (var connection = this.dataSource.getConnection()) {
			assertThat(connection.isValid(1)).isTrue();
		}
	}

	private double offloaded() {
		return this.meters.counter("parley.gateway.frames.offloaded").count();
	}

	private InlineNioProtocol protocol() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		return (InlineNioProtocol) server.getTomcat().getConnector().getProtocolHandler();
	}

}
