package dev.parley;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole Parley node started by a test, for what one shared context cannot show:
 * restarts on the same data directory, two nodes side by side, bad configuration. Close
 * it to stop the node (gracefully, as an operator's stop would).
 */
public final class ParleyNode implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private ParleyNode(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts a node on the given data directory, a free HTTP port and the given extra
	 * properties. Properties override the defaults: {@code "server.port=" + port} starts
	 * it on a fixed port, e.g. the one of a node stopped before, so that clients holding
	 * its address (a browser page) find the restarted node there.
	 */
	public static ParleyNode start(Path dataDir, String... properties) {
		Map<String, String> args = new LinkedHashMap<>();
		args.put("parley.data-dir", dataDir.toString());
		args.put("server.port", "0");
		args.put("management.server.port", "0");
		args.put("parley.kafka.embedded.port", "0");
		args.put("parley.accounts.codes-per-address", "1000000");
		args.put("parley.accounts.logins-per-address", "1000000");
		for (String property : properties) {
			int equals = property.indexOf('=');
			args.put(property.substring(0, equals), property.substring(equals + 1));
		}
		return new ParleyNode(new SpringApplicationBuilder(ParleyApplication.class).run(args.entrySet()
			.stream()
			.map((arg) -> "--" + arg.getKey() + "=" + arg.getValue())
			.toArray(String[]::new)));
	}

	/** A TCP port that is free now, for {@code server.port}. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public String baseUrl() {
		return "http://localhost:" + port();
	}

	public String bootstrapServers() {
		return String.join(",", this.context.getBean(KafkaConnectionDetails.class).getBootstrapServers());
	}

	@Override
	public void close() {
		this.context.close();
	}

}
