package dev.parley;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * Parley in a JVM of its own, on the embedded default, for what only another process can
 * show: {@code kill -9} takes the application, its in-process broker and H2 down at once,
 * and SIGTERM runs every shutdown hook of the JVM, not only Spring's.
 */
public final class ParleyProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private ParleyProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts Parley on this data directory and waits until it is ready.
	 * @param args more command-line arguments, e.g.
	 * {@code --parley.messaging.send-burst=5000}
	 */
	public static ParleyProcess start(Path dataDir, Path log, String... args) throws IOException {
		int port = freePort();
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
				"dev.parley.ParleyApplication", "--server.port=" + port, "--management.server.port=0",
				"--parley.kafka.embedded.port=0", "--parley.accounts.codes-per-address=1000000",
				"--parley.accounts.logins-per-address=1000000", "--parley.data-dir=" + dataDir.toAbsolutePath()));
		command.addAll(List.of(args));
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		ParleyProcess parley = new ParleyProcess(process, port);
		HttpClient http = HttpClient.newHttpClient();
		Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!process.isAlive()) {
				throw new IllegalStateException("Parley exited with " + process.exitValue() + "; see " + log);
			}
			try {
				HttpResponse<String> response = http.send(
						HttpRequest.newBuilder(URI.create(parley.baseUrl() + "/readyz")).build(),
						HttpResponse.BodyHandlers.ofString());
				return response.statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
		return parley;
	}

	public int port() {
		return this.port;
	}

	public String baseUrl() {
		return "http://localhost:" + this.port;
	}

	/** {@code kill -9}: no shutdown hook, nothing flushed. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	/**
	 * Stops the process as a service manager does (SIGTERM: shutdown hooks run) and
	 * returns its exit code.
	 */
	public int stop() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(90, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Parley did not stop within 90 s of SIGTERM");
		}
		return this.process.exitValue();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
