package dev.parley.infra.internal;

import java.nio.file.Path;

import dev.parley.ParleyNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code spring.kafka.bootstrap-servers} set, Parley uses that broker and starts
 * none.
 */
@Tag("integration")
@Timeout(180)
class ExternalKafkaIntegrationTest {

	@TempDir
	Path brokerDir;

	@TempDir
	Path dataDir;

	@Test
	void usesTheConfiguredBrokerAndStartsNoEmbeddedOne() {
		try (EmbeddedKafkaBroker external = new EmbeddedKafkaBroker(this.brokerDir, 0, 0)) {
			external.start();
			try (ParleyNode node = ParleyNode.start(this.dataDir,
					"spring.kafka.bootstrap-servers=" + external.bootstrapServers())) {
				assertThat(node.context().getBeanNamesForType(EmbeddedKafkaBroker.class)).isEmpty();
				assertThat(node.bootstrapServers()).isEqualTo(external.bootstrapServers());
				String readiness = RestClient.create(node.baseUrl()).get().uri("/readyz").retrieve().body(String.class);
				assertThat(readiness).startsWith("{").contains("\"status\":\"UP\"");
				assertThat(this.dataDir.resolve("kafka")).doesNotExist();
			}
		}
	}

}
