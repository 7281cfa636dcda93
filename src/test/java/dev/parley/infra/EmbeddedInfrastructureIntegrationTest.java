package dev.parley.infra;

import dev.parley.ParleyIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@ParleyIntegrationTest
class EmbeddedInfrastructureIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	Topics topics;

	@Test
	void reportsUpWithKafkaAndDatabaseInReadiness() {
		String readiness = RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/actuator/health/readiness")
			.retrieve()
			.body(String.class);
		assertThat(readiness).contains("\"status\":\"UP\"").contains("\"kafka\"").contains("\"db\"");
	}

	@Test
	void exposesPrometheusMetrics() {
		String metrics = RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.body(String.class);
		assertThat(metrics).contains("jvm_memory_used_bytes");
	}

	@Test
	void namesTopicsWithTheConfiguredPrefix() {
		assertThat(this.topics)
			.isEqualTo(new Topics("parley.inbound", "parley.events", "parley.ephemeral", "parley.control"));
	}

}
