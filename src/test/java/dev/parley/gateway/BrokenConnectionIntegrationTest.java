package dev.parley.gateway;

import java.util.Map;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client whose connection breaks while frames are still going out to it (it stopped
 * reading, then went away) is forgotten quietly: it is counted as a broken connection,
 * not as a slow client dropped by the server.
 */
@ParleyIntegrationTest
@TestPropertySource(properties = { "parley.gateway.outbound-buffer=64MB", "parley.gateway.send-time-limit=120s",
		"parley.gateway.frames-per-second=100000", "parley.gateway.frame-burst=100000",
		"parley.messaging.sends-per-second=100000", "parley.messaging.send-burst=100000" })
class BrokenConnectionIntegrationTest {

	/**
	 * 4 MB of 4,000-character messages: more than a loopback socket that is not read
	 * holds, so that a send is still pending when the client leaves.
	 */
	private static final int MESSAGES = 1000;

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void forgetsAClientThatLeftWhileFramesWereGoingOut() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestApi annApi = TestApi.as(this.port, ann.token());
		String body = "x".repeat(4000);
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobClient = TestClient.ready(this.port, bob.token())) {
			bobClient.resume(Map.of());
			bobClient.stopReading();
			for (int i = 0; i < MESSAGES; i++) {
				annClient.send(Map.of("type", "send", "id", "b-" + i, "to", bob.userId(), "body", body));
			}
			// every message is sequenced and queued for bob, more than his socket holds
			annClient.awaitCount("ack", MESSAGES);
			bobClient.close();
			Awaitility.await().until(() -> counter("parley.gateway.sessions.broken") == 1);
			Awaitility.await().until(() -> !annApi.online(bob.userId()));
		}
		assertThat(this.meters.find("parley.gateway.sessions.dropped").counters()).isEmpty();
	}

	private double counter(String name) {
		Counter counter = this.meters.find(name).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
