package dev.parley.durability;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.parley.ParleyNode;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import dev.parley.infra.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
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
 * without the message body; once Kafka takes records again, a resend with the same id is
 * stored and delivered once.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(OutputCaptureExtension.class)
class UnconfirmedSendsIntegrationTest {

	private static final int REFUSED = 5;

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
				setLargestRecord(admin, inbound, "64");
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

				setLargestRecord(admin, inbound, null);
				send(annClient, bob, 0);
				Awaitility.await().until(() -> annClient.ofType("ack").size() == 1);
				Awaitility.await().until(() -> bobClient.ofType("message").size() == 1);
				JsonNode message = bobClient.ofType("message").get(0);
				assertThat(message.path("id").asString()).isEqualTo("m-0");
				assertThat(message.path("seq").asLong()).isEqualTo(1L);
			}
		}
	}

	private static void send(TestClient client, TestUser to, int i) {
		client.send(Map.of("type", "send", "id", "m-" + i, "to", to.userId(), "body",
				"secret body " + i + " long enough to be over the topic's limit of 64 bytes"));
	}

	/**
	 * Sets the topic's largest record, or restores the default with null, and waits until
	 * the broker reports it.
	 */
	private static void setLargestRecord(Admin admin, String topic, String bytes) throws Exception {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
		ConfigEntry entry = new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, bytes);
		AlterConfigOp op = new AlterConfigOp(entry,
				(bytes != null) ? AlterConfigOp.OpType.SET : AlterConfigOp.OpType.DELETE);
		Map<ConfigResource, Collection<AlterConfigOp>> ops = Map.of(resource, List.of(op));
		admin.incrementalAlterConfigs(ops).all().get();
		Awaitility.await().until(() -> {
			ConfigEntry now = admin.describeConfigs(List.of(resource))
				.all()
				.get()
				.get(resource)
				.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
			return (bytes != null) ? bytes.equals(now.value()) : !"64".equals(now.value());
		});
	}

}
