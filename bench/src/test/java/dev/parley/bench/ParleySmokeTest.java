package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import dev.parley.bench.run.Result;

/**
 * The messaging scenarios ({@link ScenarioChecks}) and idle connections against the
 * packaged Parley jar, started as its own process on the embedded default: correctness
 * only (nothing lost, duplicated or refused), never timing. The jar is named by the
 * system property {@code parley.jar}; the root build's {@code mvn verify} sets it after
 * packaging the server, and runs this project's tests with it. Without the property (a
 * standalone {@code mvn -f bench/pom.xml verify}) the class is skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class ParleySmokeTest extends ScenarioChecks {

	private Process server;

	private Path dataDir;

	private Path log;

	private String url;

	@RegisterExtension
	final TestWatcher serverLog = new TestWatcher() {
		@Override
		public void testFailed(ExtensionContext context, Throwable cause) {
			try {
				System.err.println("Parley's log (" + ParleySmokeTest.this.log + "), last lines:\n" + tail());
			}
			catch (IOException ex) {
				System.err.println("Parley's log could not be read: " + ex);
			}
		}
	};

	@BeforeAll
	void startParley() throws IOException {
		String jar = System.getProperty("parley.jar", "");
		Assumptions.assumeTrue(!jar.isBlank(), "no parley.jar given: the root build's mvn verify runs this");
		assertThat(Path.of(jar)).as("parley.jar").isRegularFile();
		this.dataDir = Files.createTempDirectory("parley-smoke");
		// Kept after the run (the data directory is not), and its end printed for a failure.
		this.log = Files.createDirectories(Path.of("target")).resolve("parley-smoke-server.log");
		int port = freePort();
		String java = ProcessHandle.current().info().command().orElse("java");
		this.server = new ProcessBuilder(java, "-Xmx768m", "-jar", jar, "--server.port=" + port, "--management.server.port=0",
				"--parley.kafka.embedded.port=0", "--parley.data-dir=" + this.dataDir,
				"--parley.accounts.codes-per-address=1000000", "--parley.accounts.logins-per-address=1000000",
				"--parley.connections.per-address=1000000")
			.redirectErrorStream(true)
			.redirectOutput(this.log.toFile())
			.start();
		this.url = "http://127.0.0.1:" + port;
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest readiness = HttpRequest.newBuilder(URI.create(this.url + "/readyz")).build();
		await("Parley ready (log: " + this.log + ")").atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> {
				assertThat(this.server.isAlive()).as("Parley exited early; its log:\n%s", tail()).isTrue();
				try {
					return http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
				}
				catch (IOException ex) {
					return false;
				}
			});
	}

	@AfterAll
	void stopParley() throws Exception {
		if (this.server != null) {
			this.server.destroy();
			if (!this.server.waitFor(60, TimeUnit.SECONDS)) {
				this.server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
		}
		if (this.dataDir != null) {
			try (Stream<Path> files = Files.walk(this.dataDir)) {
				files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
	}

	@Test
	void idleConnectionsStayOpen() throws Exception {
		Result result = run("connections", "--connections", "100", "--hold", "1");

		assertThat(result.correct()).as(result.verdict()).isTrue();
		assertThat(result.figures()).containsEntry("still open after hold", 100L);
	}

	@Override
	String url() {
		return this.url;
	}

	@Override
	String target() {
		return "parley";
	}

	private String tail() throws IOException {
		List<String> lines = Files.readAllLines(this.log);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
