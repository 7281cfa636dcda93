package dev.parley.infra.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker (combined broker and controller) running inside this JVM,
 * listening on 127.0.0.1, with its log under a directory that survives restarts: topics,
 * records and committed offsets are kept. The directory is formatted once, on first
 * start. It runs {@value #NETWORK_THREADS} network thread per listener and
 * {@value #IO_THREADS} request handlers for each of its roles (broker, controller): with
 * Kafka's defaults (3 and 8) its threads took about a fifth more CPU under the
 * benchmark's chat load (runs in {@code git show 0211c51^:docs/BENCHMARKS.md}).
 *
 * <p>
 * Threads: {@link #start()} and {@link #close()} are called once each by the Spring
 * container; the broker owns its own threads and stops them in {@link #close()}.
 */
final class EmbeddedKafkaBroker implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

	private static final int NODE_ID = 1;

	/**
	 * Network threads per listener (Kafka's default is 3): the broker serves one node's
	 * few clients on the cores that also run the node.
	 */
	private static final int NETWORK_THREADS = 1;

	/**
	 * Request handler threads per role (Kafka's default is 8): one took no less CPU than
	 * two in the benchmark, and two keep one slow request from holding up every other.
	 */
	private static final int IO_THREADS = 2;

	/**
	 * The log cleaner's offset map (Kafka's default is 128 MiB, one array on the heap for
	 * the node's lifetime). Parley's own topics are not compacted; the broker's internal
	 * ones (consumer offsets) hold a few thousand keys at most, and 8 MiB maps about
	 * 300,000 of them per cleaning pass (24 bytes a key, 90 % full).
	 */
	private static final int CLEANER_DEDUPE_BUFFER_BYTES = 8 * 1024 * 1024;

	private final Path logDir;

	private final int port;

	private final int controllerPort;

	private final Map<String, String> overrides;

	private KafkaRaftServer server;

	/**
	 * @param logDir the broker's log directory: an existing, writable directory
	 * ({@link DataDirectory#prepare} checks both)
	 */
	EmbeddedKafkaBroker(Path logDir, int port, int controllerPort) {
		this(logDir, port, controllerPort, Map.of());
	}

	/**
	 * A broker with some of its settings replaced, for tests of what Parley's clients do
	 * against other brokers (a SASL listener, say).
	 */
	EmbeddedKafkaBroker(Path logDir, int port, int controllerPort, Map<String, String> overrides) {
		this.logDir = logDir.toAbsolutePath().normalize();
		this.port = (port != 0) ? port : freePort();
		this.controllerPort = (controllerPort != 0) ? controllerPort : freePort();
		this.overrides = Map.copyOf(overrides);
	}

	/** The bootstrap address clients use. */
	String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	void start() {
		ensurePortFree(this.port, "parley.kafka.embedded.port");
		ensurePortFree(this.controllerPort, "parley.kafka.embedded.controller-port");
		Properties props = brokerProperties();
		if (!Files.exists(this.logDir.resolve("meta.properties"))) {
			format();
		}
		long started = System.nanoTime();
		this.server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
		this.server.startup();
		log.info("Embedded Kafka broker started on {} with its log in {} ({} ms)", bootstrapServers(), this.logDir,
				(System.nanoTime() - started) / 1_000_000);
	}

	private Properties brokerProperties() {
		Properties props = new Properties();
		props.put("process.roles", "broker,controller");
		props.put("node.id", String.valueOf(NODE_ID));
		props.put("listeners", "PLAINTEXT://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + this.controllerPort);
		props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + this.port);
		props.put("controller.listener.names", "CONTROLLER");
		props.put("inter.broker.listener.name", "PLAINTEXT");
		props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + this.controllerPort);
		props.put("log.dirs", this.logDir.toString());
		props.put("auto.create.topics.enable", "false");
		props.put("num.partitions", "1");
		props.put("offsets.topic.replication.factor", "1");
		props.put("offsets.topic.num.partitions", "4");
		props.put("transaction.state.log.replication.factor", "1");
		props.put("transaction.state.log.min.isr", "1");
		props.put("share.coordinator.state.topic.replication.factor", "1");
		props.put("share.coordinator.state.topic.min.isr", "1");
		props.put("group.initial.rebalance.delay.ms", "0");
		props.put("num.network.threads", String.valueOf(NETWORK_THREADS));
		props.put("num.io.threads", String.valueOf(IO_THREADS));
		props.put("log.cleaner.dedupe.buffer.size", String.valueOf(CLEANER_DEDUPE_BUFFER_BYTES));
		props.putAll(this.overrides);
		return props;
	}

	private void format() {
		try {
			new Formatter()
				.setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
				.setNodeId(NODE_ID)
				.setClusterId(Uuid.randomUuid().toString())
				.addDirectory(this.logDir.toString())
				.setMetadataLogDirectory(this.logDir.toString())
				.setControllerListenerName("CONTROLLER")
				.setSupportedFeatures(Feature.PRODUCTION_FEATURES)
				.setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
				.run();
			log.info("Formatted a new embedded Kafka log directory in {}", this.logDir);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not format the embedded Kafka log directory " + this.logDir
					+ " (under parley.data-dir): " + ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		if (this.server != null) {
			this.server.shutdown();
			this.server.awaitShutdown();
			this.server = null;
			log.info("Embedded Kafka broker stopped");
		}
	}

	private static void ensurePortFree(int port, String setting) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Port " + port + " for the embedded Kafka broker is already in use; set "
					+ setting + " to a free port (0 picks one)", ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free loopback port for the embedded Kafka broker", ex);
		}
	}

}
