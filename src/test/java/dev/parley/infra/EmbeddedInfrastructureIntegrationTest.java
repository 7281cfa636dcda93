package dev.parley.infra;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import dev.parley.ParleyIntegrationTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ParleyIntegrationTest
class EmbeddedInfrastructureIntegrationTest {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	Topics topics;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	KafkaAdmin kafkaAdmin;

	@Autowired
	ProducerFactory<?, ?> producers;

	@Autowired
	NodeProperties node;

	@Test
	void reportsUpWithKafkaAndDatabaseInReadiness() {
		String readiness = RestClient.create("http://localhost:" + this.managementPort)
			.get()
			.uri("/actuator/health/readiness")
			.retrieve()
			.body(String.class);
		assertThat(readiness).contains("\"status\":\"UP\"").contains("\"kafka\"").contains("\"db\"");
	}

	/**
	 * The main port answers the probes with statuses only; health details, metrics and
	 * Prometheus are on the management port.
	 */
	@Test
	void answersProbesOnTheMainPortAndKeepsTheRestOfTheActuatorOffIt() {
		RestClient main = RestClient.create("http://localhost:" + this.port);
		String readiness = main.get().uri("/readyz").retrieve().body(String.class);
		assertThat(readiness).contains("\"status\":\"UP\"").contains("\"kafka\"").doesNotContain("clusterId");
		assertThat(main.get().uri("/livez").retrieve().body(String.class)).contains("\"status\":\"UP\"");
		for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/metrics")) {
			int status = main.get().uri(path).exchange((request, response) -> response.getStatusCode().value());
			assertThat(status).as(path).isEqualTo(404);
		}
	}

	@Test
	void exposesPrometheusMetrics() {
		String metrics = RestClient.create("http://localhost:" + this.managementPort)
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.body(String.class);
		assertThat(metrics).contains("jvm_memory_used_bytes")
			.contains("parley_database_size_bytes")
			.contains("parley_sequencer_store_seconds_bucket")
			.contains("parley_sequencer_lag_seconds_bucket")
			.contains("parley_events_latency_seconds_bucket");
	}

	@Test
	void namesTopicsWithTheConfiguredPrefix() {
		assertThat(this.topics).isEqualTo(new Topics("parley.inbound", "parley.events", "parley.ephemeral",
				"parley.control", "parley.inbound-dlt"));
	}

	/**
	 * Commands and events wait up to 2 ms for others to share their produce request
	 * (docs/BENCHMARKS.md, 2026-11-25).
	 */
	@Test
	void producesInBatchesThatWaitTwoMilliseconds() {
		assertThat(this.producers.getConfigurationProperties()).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "2")
			.containsEntry(ProducerConfig.ACKS_CONFIG, "all");
	}

	@Test
	void keepsTheEmbeddedDatabasesPageCacheSmall() {
		String cacheMb = this.jdbc
			.sql("SELECT setting_value FROM information_schema.settings WHERE setting_name = 'info.CACHE_MAX_SIZE'")
			.query(String.class)
			.single();
		assertThat(cacheMb).isEqualTo("4");
	}

	@Test
	void givesTheEmbeddedBrokersLogCleanerASmallOffsetMap() throws Exception {
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
			String bytes = admin.describeConfigs(List.of(broker))
				.all()
				.get()
				.get(broker)
				.get("log.cleaner.dedupe.buffer.size")
				.value();
			assertThat(bytes).isEqualTo(String.valueOf(8 * 1024 * 1024));
		}
	}

	@Test
	void keepsTheDataDirectoryToItsOwner() throws Exception {
		Path data = this.node.dataDir();
		for (Path dir : List.of(data, data.resolve("db"), data.resolve("kafka"))) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as(dir.toString())
				.isEqualTo("rwx------");
		}
	}

	/**
	 * Activation codes come back in responses by default, so the server must not be
	 * reachable from the network: a connection to this machine's own non-loopback address
	 * is refused, while loopback is served.
	 */
	@Test
	void listensOnLoopbackOnlyWhileCodesComeBackInResponses() throws Exception {
		try (Socket loopback = new Socket()) {
			loopback.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 5000);
			assertThat(loopback.isConnected()).isTrue();
		}
		InetAddress external = NetworkInterface.networkInterfaces()
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> address instanceof Inet4Address && !address.isLoopbackAddress()
					&& !address.isLinkLocalAddress())
			.findFirst()
			.orElseThrow(() -> new AssertionError("this test needs a non-loopback IPv4 address"));
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(external, this.port), 5000);
			}
		});
	}

}
