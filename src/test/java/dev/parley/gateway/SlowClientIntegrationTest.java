package dev.parley.gateway;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
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
 * A client that stops reading is closed with 4408 instead of filling the server's memory.
 */
@ParleyIntegrationTest
@TestPropertySource(properties = { "parley.gateway.outbound-buffer=32KB", "parley.gateway.send-time-limit=1s",
		"parley.messaging.sends-per-second=100000", "parley.messaging.send-burst=100000" })
class SlowClientIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void closesAClientThatDoesNotKeepUpAndLetsItResume() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestApi annApi = TestApi.as(this.port, ann.token());
		long conversationId = annApi.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()))
			.body()
			.path("conversationId")
			.asLong();
		String body = "x".repeat(4000);
		AtomicInteger sent = new AtomicInteger();
		try (TestClient slow = TestClient.ready(this.port, bob.token()).stopReading()) {
			List<CompletableFuture<Void>> senders = IntStream.range(0, 4)
				.mapToObj((t) -> CompletableFuture.runAsync(() -> {
					while (annApi.online(bob.userId()) && sent.get() < 8000) {
						int n = sent.incrementAndGet();
						annApi.post("/api/v1/conversations/" + conversationId + "/messages",
								Map.of("id", "s-" + n, "body", body));
					}
				}))
				.toList();
			senders.forEach(CompletableFuture::join);
			assertThat(annApi.online(bob.userId())).isFalse();
			assertThat(this.meters.counter("parley.gateway.sessions.dropped", "code", "4408").count()).isOne();
			// the close frame sits behind the unread data: the client may see it, or only
			// the connection's end (1006) when the server gives up on flushing it
			assertThat(slow.resumeReading().awaitClose()).isIn(4408, 1006, -1);
		}
		try (TestClient again = TestClient.authenticated(this.port, bob.token())) {
			again.resume(Map.of(conversationId, (long) sent.get() - 100));
			assertThat(again.awaitCount("message", 100)).extracting((m) -> m.path("seq").asLong())
				.containsExactly(LongStream.rangeClosed(sent.get() - 99, sent.get()).boxed().toArray(Long[]::new));
		}
	}

}
