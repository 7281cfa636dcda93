package dev.parley.infra.internal;

import java.nio.file.Path;
import java.util.Map;

import dev.parley.ParleyNode;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker that only speaks SASL (PLAIN over plaintext, users {@code admin} and
 * {@code parley}): configured with Spring Boot's standard {@code spring.kafka.*}
 * properties alone, every Kafka client of the node (topic creation, the health check,
 * producers, the sequencer, the tails) signs in, and messages flow.
 */
@Tag("integration")
@Timeout(180)
class KafkaSaslIntegrationTest {

	private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required ";

	@TempDir
	Path brokerDir;

	@TempDir
	Path dataDir;

	@Test
	void signsEveryKafkaClientInWithTheStandardSpringKafkaProperties() {
		Map<String, String> sasl = Map.of("listener.security.protocol.map",
				"PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT", "sasl.enabled.mechanisms", "PLAIN",
				"sasl.mechanism.inter.broker.protocol", "PLAIN", "listener.name.plaintext.plain.sasl.jaas.config",
				JAAS + "username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_parley=\"parley-secret\";");
		try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(this.brokerDir, 0, 0, sasl)) {
			broker.start();
			try (ParleyNode node = ParleyNode
				.start(this.dataDir, "spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
						"spring.kafka.security.protocol=SASL_PLAINTEXT", "spring.kafka.properties.sasl.mechanism=PLAIN",
						"spring.kafka.properties.sasl.jaas.config=" + JAAS
								+ "username=\"parley\" password=\"parley-secret\";",
						"parley.kafka.admin-timeout=10s")) {
				String readiness = RestClient.create(node.baseUrl()).get().uri("/readyz").retrieve().body(String.class);
				assertThat(readiness).contains("\"kafka\":{").contains("\"status\":\"UP\"");

				TestUser ann = TestUsers.signUp(node.port());
				TestUser bob = TestUsers.signUp(node.port());
				try (TestClient annClient = TestClient.ready(node.port(), ann.token());
						TestClient bobClient = TestClient.ready(node.port(), bob.token())) {
					annClient.send(Map.of("type", "send", "id", "sasl-1", "to", bob.userId(), "body", "signed in"));
					assertThat(annClient.await("ack").path("seq").asLong()).isEqualTo(1);
					assertThat(bobClient.await("message").path("id").asString()).isEqualTo("sasl-1");
				}
			}
		}
	}

}
