package dev.parley.gateway.internal;

import java.util.Map;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In the running server, the frames that go out to a client that keeps up complete on the
 * thread that sent them: no worker is woken for them.
 */
@ParleyIntegrationTest
class InlineSendCompletionIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	WebServerApplicationContext context;

	@Test
	void completesTheFramesOfAClientThatKeepsUpWhereTheyWereSent() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		assertThat(server.getTomcat().getConnector().getProtocolHandler()).isInstanceOf(InlineNioProtocol.class);
		InlineNioProtocol protocol = (InlineNioProtocol) server.getTomcat().getConnector().getProtocolHandler();
		InlineNioProtocol.Pool pool = (InlineNioProtocol.Pool) protocol.getExecutor();
		// still Tomcat's pool in all but the one task: internal, sized from Tomcat's
		// settings
		assertThat(pool.getMaximumPoolSize()).isEqualTo(protocol.getMaxThreads());
		assertThat(pool.getCorePoolSize()).isEqualTo(protocol.getMinSpareThreads());
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobClient = TestClient.ready(this.port, bob.token())) {
			long before = pool.inlineCompletions();
			for (int i = 1; i <= 20; i++) {
				annClient.send(Map.of("type", "send", "id", "m-" + i, "to", bob.userId(), "body", "hello " + i));
			}
			annClient.awaitCount("ack", 20);
			bobClient.awaitCount("message", 20);
			// 20 acks and 20 messages at least; presence frames may add to it
			assertThat(pool.inlineCompletions() - before).isGreaterThanOrEqualTo(40);
		}
	}

}
