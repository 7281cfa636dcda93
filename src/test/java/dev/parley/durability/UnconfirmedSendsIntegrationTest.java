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
 * without the message body, and a REST or seed send gets 503 {@code unavailable}; once
 * Kafka takes records again, a resend with the same id is stored and delivered once. A
 * REST send waiting for its event holds no request thread: a node with two of them still
 * answers while four sends wait. To make sends wait for their events, the events topic
 * refuses records and local delivery is off, as for a sender on another node than the
 * sequencer of its conversation (on the sequencer's node an event stored is delivered at
 * once, SequencerFailureIntegrationTest).
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
		try (Setup setup = Setup.start(this.dataDir)) {
			TestUser bob = setup.bob();
			String inbound = setup.topics().inbound();
			try (TestClient annClient = TestClient.ready(setup.node().port(), setup.ann().token());
					TestClient bobClient = TestClient.ready(setup.node().port(), bob.token())) {
				LargestRecord.set(setup.admin(), inbound, LargestRecord.REFUSING);
				for (int i = 0; i < REFUSED; i++) {
					send(annClient, bob, i);
				}
				Awaitility.await().until(() -> annClient.ofType("error").size() == REFUSED);
				assertThat(annClient.ofType("error"))
					.allSatisfy((error) -> assertThat(error.path("code").asString()).isEqualTo("unavailable"));
				assertThat(setup.unconfirmed("refused")).isEqualTo(REFUSED);
				assertThat(setup.unconfirmed("timeout")).isZero();
				assertThat(output.getOut()).contains("Commands refused by Kafka; last: RecordTooLargeException")
					.contains("(refused: 1 since the last such line)")
					.doesNotContain("secret body");

				TestApi annApi = setup.annApi();
				long direct = setup.direct();
				Response overRest = annApi.post("/api/v1/conversations/" + direct + "/messages", Map.of("id", "r-1",
						"body", "secret body over REST, longer than the topic's limit of 64 bytes"));
				assertThat(overRest.status()).isEqualTo(503);
				assertThat(overRest.code()).isEqualTo("unavailable");
				assertThat(setup.unconfirmed("refused")).isEqualTo(REFUSED + 1);
				Response overSeed = TestApi.anonymous(setup.node().port())
					.post("/api/message/send-message", Map.of("accessToken", setup.ann().token(), "sendTo",
							String.valueOf(bob.userId()), "msg", "secret body over the seed API"));
				assertThat(overSeed.status()).isEqualTo(503);
				assertThat(overSeed.code()).isEqualTo("unavailable");
				assertThat(setup.unconfirmed("refused")).isEqualTo(REFUSED + 2);

				LargestRecord.set(setup.admin(), inbound, null);
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
		try (Setup setup = Setup.start(this.dataDir, "server.tomcat.threads.max=2", "server.tomcat.threads.min-spare=1",
				"parley.messaging.reply-timeout=60s", "parley.messaging.local-delivery=false")) {
			MeterRegistry meters = setup.meters();
			String events = setup.topics().events();
			TestApi annApi = setup.annApi();
			long direct = setup.direct();
			LargestRecord.set(setup.admin(), events, LargestRecord.REFUSING);
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

				LargestRecord.set(setup.admin(), events, null);
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
		// the container's timeout for asynchronous requests, here shorter than the reply
		// timeout, must not answer first: Parley sets its own beyond the reply timeout
		try (Setup setup = Setup.start(this.dataDir, "parley.messaging.reply-timeout=2s",
				"spring.mvc.async.request-timeout=1s", "parley.messaging.local-delivery=false")) {
			String events = setup.topics().events();
			TestApi annApi = setup.annApi();
			String path = "/api/v1/conversations/" + setup.direct() + "/messages";
			Map<String, Object> message = Map.of("id", "t-1", "body", "waits for an event that does not come");

			LargestRecord.set(setup.admin(), events, LargestRecord.REFUSING);
			Response timedOut = annApi.post(path, message);
			assertThat(timedOut.status()).isEqualTo(503);
			assertThat(timedOut.code()).isEqualTo("unavailable");
			assertThat(timedOut.body().path("detail").asString()).contains("not confirmed in time");
			Awaitility.await().until(() -> setup.unconfirmed("timeout") == 1);

			LargestRecord.set(setup.admin(), events, null);
			Awaitility.await().until(() -> annApi.post(path, message).status() == 201);
			assertThat(annApi.get(path).body().path("events")).singleElement()
				.satisfies((event) -> assertThat(event.path("id").asString()).isEqualTo("t-1"));
		}
	}

	@Test
	void aSendTheProducerRefusesAtOnceIsAnsweredUnavailable() {
		// a record over the producer's own limit fails before it leaves, and Spring's
		// KafkaTemplate throws instead of failing the send's future
		try (Setup setup = Setup.start(this.dataDir, "spring.kafka.producer.properties.max.request.size=2000")) {
			TestUser bob = setup.bob();
			try (TestClient annClient = TestClient.ready(setup.node().port(), setup.ann().token());
					TestClient bobClient = TestClient.ready(setup.node().port(), bob.token())) {
				annClient.send(Map.of("type", "send", "id", "big", "to", bob.userId(), "body", "x".repeat(3000)));
				JsonNode error = annClient.await("error");
				assertThat(error.path("id").asString()).isEqualTo("big");
				assertThat(error.path("code").asString()).isEqualTo("unavailable");
				assertThat(setup.unconfirmed("refused")).isEqualTo(1);

				annClient.send(Map.of("type", "send", "id", "small", "to", bob.userId(), "body", "fits"));
				assertThat(annClient.await("ack").path("id").asString()).isEqualTo("small");
				assertThat(bobClient.await("message").path("id").asString()).isEqualTo("small");
			}
		}
	}

	/**
	 * A node with an admin client on its broker, and Ann and Bob signed up with their
	 * direct conversation created over REST.
	 */
	private record Setup(ParleyNode node, Admin admin, TestUser ann, TestUser bob, TestApi annApi,
			long direct) implements AutoCloseable {

		static Setup start(Path dataDir, String... properties) {
			ParleyNode node = ParleyNode.start(dataDir, properties);
			Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()));
			try {
				TestUser ann = TestUsers.signUp(node.port());
				TestUser bob = TestUsers.signUp(node.port());
				TestApi annApi = TestApi.as(node.port(), ann.token());
				long direct = annApi.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()))
					.body()
					.path("conversationId")
					.asLong();
				return new Setup(node, admin, ann, bob, annApi, direct);
			}
			catch (RuntimeException ex) {
				admin.close();
				node.close();
				throw ex;
			}
		}

		MeterRegistry meters() {
			return this.node.context().getBean(MeterRegistry.class);
		}

		Topics topics() {
			return this.node.context().getBean(Topics.class);
		}

		/** Commands answered unavailable for the reason so far. */
		double unconfirmed(String reason) {
			return meters().counter("parley.messages.unconfirmed", "reason", reason).count();
		}

		@Override
		public void close() {
			this.admin.close();
			this.node.close();
		}

	}

	private static void send(TestClient client, TestUser to, int i) {
		client.send(Map.of("type", "send", "id", "m-" + i, "to", to.userId(), "body",
				"secret body " + i + " long enough to be over the topic's limit of 64 bytes"));
	}

}
