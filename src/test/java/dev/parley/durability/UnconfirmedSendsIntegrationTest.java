package dev.parley.durability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.parley.ParleyNode;
import dev.parley.TestApi;
import dev.parley.TestApi.Response;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import dev.parley.infra.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A send that ends {@code unavailable} says why to the operator: Kafka refusing the
 * command (here the inbound topic takes no record over 64 bytes) is counted under
 * {@code parley.messages.unconfirmed{reason=refused}} and logged with Kafka's error,
 * without the message body, and a REST send gets 503 {@code unavailable}; once Kafka
 * takes records again, a resend with the same id is stored and delivered once. A REST
 * send waiting for its event (here the events topic refuses records) holds no request
 * thread: a node with two of them still answers while four sends wait.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(OutputCaptureExtension.class)
class UnconfirmedSendsIntegrationTest {

	private static final int REFUSED = 5;

	private static final int WAITING = 4;

	@TempDir
	Path dataDir;

	@Test
	void aSendKafkaRefusesIsAnsweredUnavailableCountedAndLogged(CapturedOutput output) throws Exception {
		try (ParleyNode node = ParleyNode.start(this.dataDir);
				Admin admin = Admin
					.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()))) {
			MeterRegistry meters = node.context().getBean(MeterRegistry.class);
			String inbound = node.context().getBean(Topics.class).inbound();
			TestUser ann = TestUsers.signUp(node.port());
			TestUser bob = TestUsers.signUp(node.port());
			try (TestClient annClient = TestClient.ready(node.port(), ann.token());
					TestClient bobClient = TestClient.ready(node.port(), bob.token())) {
				LargestRecord.set(admin, inbound, LargestRecord.REFUSING);
				for (int i = 0; i < REFUSED; i++) {
					send(annClient, bob, i);
				}
				Awaitility.await().until(() -> annClient.ofType("error").size() == REFUSED);
				assertThat(annClient.ofType("error"))
					.allSatisfy((error) -> assertThat(error.path("code").asString()).isEqualTo("unavailable"));
				assertThat(meters.counter("parley.messages.unconfirmed", "reason", "refused").count())
					.isEqualTo(REFUSED);
				assertThat(meters.counter("parley.messages.unconfirmed", "reason", "timeout").count()).isZero();
				assertThat(output.getOut()).contains("Commands refused by Kafka; last: RecordTooLargeException")
					.contains("(refused: 1 since the last such line)")
					.doesNotContain("secret body");

				TestApi annApi = TestApi.as(node.port(), ann.token());
				long direct = direct(annApi, bob);
				Response overRest = annApi.post("/api/v1/conversations/" + direct + "/messages", Map.of("id", "r-1",
						"body", "secret body over REST, longer than the topic's limit of 64 bytes"));
				assertThat(overRest.status()).isEqualTo(503);
				assertThat(overRest.code()).isEqualTo("unavailable");
				assertThat(meters.counter("parley.messages.unconfirmed", "reason", "refused").count())
					.isEqualTo(REFUSED + 1);

				LargestRecord.set(admin, inbound, null);
				send(annClient, bob, 0);
				Awaitility.await().until(() -> annClient.ofType("ack").size() == 1);
				Awaitility.await().until(() -> bobClient.ofType("message").size() == 1);
				JsonNode message = bobClient.ofType("message").get(0);
				assertThat(message.path("id").asString()).isEqualTo("m-0");
				assertThat(message.path("seq").asLong()).isEqualTo(1L);

				Response resent = annApi.post("/api/v1/conversations/" + direct + "/messages", Map.of("id", "r-1",
						"body", "secret body over REST, longer than the topic's limit of 64 bytes"));
				assertThat(resent.status()).isEqualTo(201);
				assertThat(resent.body().path("seq").asLong()).isEqualTo(2L);
				assertThat(resent.body().path("conversationId").asLong()).isEqualTo(direct);
				Awaitility.await().until(() -> bobClient.ofType("message").size() == 2);
			}
		}
	}

	@Test
	void aRestSendWaitingForItsEventHoldsNoRequestThread() throws Exception {
		try (ParleyNode node = ParleyNode.start(this.dataDir, "server.tomcat.threads.max=2",
				"server.tomcat.threads.min-spare=1", "parley.messaging.reply-timeout=60s");
				Admin admin = Admin
					.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()))) {
			MeterRegistry meters = node.context().getBean(MeterRegistry.class);
			String events = node.context().getBean(Topics.class).events();
			TestUser ann = TestUsers.signUp(node.port());
			TestUser bob = TestUsers.signUp(node.port());
			TestApi annApi = TestApi.as(node.port(), ann.token());
			long direct = direct(annApi, bob);
			LargestRecord.set(admin, events, LargestRecord.REFUSING);
			ExecutorService senders = Executors.newFixedThreadPool(WAITING);
			try {
				List<CompletableFuture<Response>> sends = new ArrayList<>();
				for (int i = 0; i < WAITING; i++) {
					Map<String, Object> message = Map.of("id", "w-" + i, "body", "waiting " + i);
					sends.add(CompletableFuture.supplyAsync(
							() -> annApi.post("/api/v1/conversations/" + direct + "/messages", message), senders));
				}
				Awaitility.await().until(() -> meters.counter("parley.messages.accepted").count() == WAITING);
				assertThat(sends).noneMatch(CompletableFuture::isDone);

				Awaitility.await("the node answers with more sends waiting than it has request threads")
					.atMost(Duration.ofSeconds(10))
					.until(() -> annApi.get("/api/v1/me").status() == 200);

				LargestRecord.set(admin, events, null);
				for (CompletableFuture<Response> send : sends) {
					assertThat(send.get(60, TimeUnit.SECONDS).status()).isEqualTo(201);
				}
			}
			finally {
				senders.shutdownNow();
			}
		}
	}

	@Test
	void aRestSendNotConfirmedInTimeIsAnsweredUnavailableAndItsResendIsStoredOnce() throws Exception {
		// the container's own timeout for asynchronous requests, here shorter than the
		// reply
		// timeout, must not answer first: Parley sets its own beyond the reply timeout
		try (ParleyNode node = ParleyNode.start(this.dataDir, "parley.messaging.reply-timeout=2s",
				"spring.mvc.async.request-timeout=1s");
				Admin admin = Admin
					.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()))) {
			MeterRegistry meters = node.context().getBean(MeterRegistry.class);
			String events = node.context().getBean(Topics.class).events();
			TestUser ann = TestUsers.signUp(node.port());
			TestUser bob = TestUsers.signUp(node.port());
			TestApi annApi = TestApi.as(node.port(), ann.token());
			long direct = direct(annApi, bob);
			String path = "/api/v1/conversations/" + direct + "/messages";
			Map<String, Object> message = Map.of("id", "t-1", "body", "waits for an event that does not come");

			LargestRecord.set(admin, events, LargestRecord.REFUSING);
			Response timedOut = annApi.post(path, message);
			assertThat(timedOut.status()).isEqualTo(503);
			assertThat(timedOut.code()).isEqualTo("unavailable");
			assertThat(timedOut.body().path("detail").asString()).contains("not confirmed in time");
			Awaitility.await()
				.until(() -> meters.counter("parley.messages.unconfirmed", "reason", "timeout").count() == 1);

			LargestRecord.set(admin, events, null);
			Awaitility.await().until(() -> annApi.post(path, message).status() == 201);
			assertThat(annApi.get(path).body().path("events")).singleElement()
				.satisfies((event) -> assertThat(event.path("id").asString()).isEqualTo("t-1"));
		}
	}

	@Test
	void aSendTheProducerRefusesAtOnceIsAnsweredUnavailable() {
		// a record over the producer's own limit fails before it leaves: the send throws
		try (ParleyNode node = ParleyNode.start(this.dataDir,
				"spring.kafka.producer.properties.max.request.size=2000")) {
			MeterRegistry meters = node.context().getBean(MeterRegistry.class);
			TestUser ann = TestUsers.signUp(node.port());
			TestUser bob = TestUsers.signUp(node.port());
			try (TestClient annClient = TestClient.ready(node.port(), ann.token());
					TestClient bobClient = TestClient.ready(node.port(), bob.token())) {
				annClient.send(Map.of("type", "send", "id", "big", "to", bob.userId(), "body", "x".repeat(3000)));
				JsonNode error = annClient.await("error");
				assertThat(error.path("id").asString()).isEqualTo("big");
				assertThat(error.path("code").asString()).isEqualTo("unavailable");
				assertThat(meters.counter("parley.messages.unconfirmed", "reason", "refused").count()).isEqualTo(1);

				annClient.send(Map.of("type", "send", "id", "small", "to", bob.userId(), "body", "fits"));
				assertThat(annClient.await("ack").path("id").asString()).isEqualTo("small");
				assertThat(bobClient.await("message").path("id").asString()).isEqualTo("small");
			}
		}
	}

	/**
	 * The direct conversation of the api's user with {@code other}, created over REST.
	 */
	private static long direct(TestApi api, TestUser other) {
		return api.post("/api/v1/conversations/direct", Map.of("userId", other.userId()))
			.body()
			.path("conversationId")
			.asLong();
	}

	private static void send(TestClient client, TestUser to, int i) {
		client.send(Map.of("type", "send", "id", "m-" + i, "to", to.userId(), "body",
				"secret body " + i + " long enough to be over the topic's limit of 64 bytes"));
	}

}
