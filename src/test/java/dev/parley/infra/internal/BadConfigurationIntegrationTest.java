package dev.parley.infra.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.parley.ParleyNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad configuration fails startup at once, with a message that names the setting. */
@Tag("integration")
@Timeout(120)
class BadConfigurationIntegrationTest {

	@TempDir
	Path dataDir;

	@Test
	void refusesAnEmbeddedBrokerPortAlreadyInUse() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			assertThatThrownBy(
					() -> ParleyNode.start(this.dataDir, "parley.kafka.embedded.port=" + taken.getLocalPort()))
				.hasStackTraceContaining(
						"Port " + taken.getLocalPort() + " for the embedded Kafka broker is already in use")
				.hasStackTraceContaining("parley.kafka.embedded.port");
		}
	}

	@Test
	void refusesADataDirectoryThatCannotBeWritten() throws IOException {
		Path notADirectory = Files.writeString(this.dataDir.resolve("plain-file"), "x");
		assertThatThrownBy(() -> ParleyNode.start(notADirectory.resolve("data")))
			.hasStackTraceContaining("parley.data-dir");
	}

	@Test
	void refusesAnUnreachableExternalBroker() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		assertThatThrownBy(() -> ParleyNode.start(this.dataDir,
				"spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort, "parley.kafka.admin-timeout=3s"))
			.hasStackTraceContaining("spring.kafka.bootstrap-servers")
			.hasStackTraceContaining("127.0.0.1:" + closedPort);
	}

}
