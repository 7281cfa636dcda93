package dev.parley.infra.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A KRaft broker of its own for tests that need Kafka to outlive the Parley nodes using
 * it (two nodes, one killed). It is the embedded broker, started outside any node.
 */
public final class TestKafkaBroker implements AutoCloseable {

	private final EmbeddedKafkaBroker broker;

	private TestKafkaBroker(EmbeddedKafkaBroker broker) {
		this.broker = broker;
	}

	public static TestKafkaBroker start(Path logDir) {
		try {
			Files.createDirectories(logDir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(logDir, 0, 0);
		broker.start();
		return new TestKafkaBroker(broker);
	}

	public String bootstrapServers() {
		return this.broker.bootstrapServers();
	}

	@Override
	public void close() {
		this.broker.close();
	}

}
