package dev.parley.infra.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.parley.infra.KafkaSettings;
import dev.parley.infra.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Parley's topics at startup, before any module produces or consumes, and fails
 * startup with a message naming {@code spring.kafka.bootstrap-servers} when Kafka cannot
 * be reached. Existing topics are left as they are. Its admin client is configured like
 * every other Kafka client of the node, from Spring Boot's {@code spring.kafka.*}
 * properties (TLS and SASL included).
 */
final class TopicCreator {

	private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);

	private final KafkaSettings settings;

	private final Map<String, Object> clientConfig;

	/**
	 * @param clientConfig the admin client's settings as Spring Boot builds them
	 * ({@code spring.kafka.*}: the bootstrap servers, security protocol, SASL and TLS)
	 */
	TopicCreator(KafkaSettings settings, Map<String, Object> clientConfig) {
		this.settings = settings;
		this.clientConfig = clientConfig;
	}

	Topics topics() {
		return Topics.of(this.settings);
	}

	void createTopics() {
		Topics topics = topics();
		List<NewTopic> wanted = new ArrayList<>();
		wanted.add(topic(topics.inbound(), this.settings.partitions(), this.settings.eventsRetention()));
		wanted.add(topic(topics.events(), this.settings.partitions(), this.settings.eventsRetention()));
		wanted.add(topic(topics.ephemeral(), this.settings.partitions(), this.settings.ephemeralRetention()));
		wanted.add(topic(topics.control(), 1, this.settings.ephemeralRetention()));
		wanted.add(topic(topics.deadLetters(), this.settings.partitions(), this.settings.deadLetterRetention()));
		long timeoutMs = this.settings.adminTimeout().toMillis();
		Map<String, Object> config = new HashMap<>(this.clientConfig);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 5000));
		try (Admin admin = Admin.create(config)) {
			Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
			List<NewTopic> missing = wanted.stream().filter((t) -> !existing.contains(t.name())).toList();
			if (!missing.isEmpty()) {
				admin.createTopics(missing).all().get(timeoutMs, TimeUnit.MILLISECONDS);
				missing.forEach((t) -> log.info("Created topic {} with {} partitions, replication {}", t.name(),
						t.numPartitions(), t.replicationFactor()));
			}
		}
		catch (TimeoutException ex) {
			throw unreachable(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not create Parley's Kafka topics at " + bootstrapServers()
					+ " (spring.kafka.bootstrap-servers): " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unreachable(ex);
		}
	}

	private IllegalStateException unreachable(Exception cause) {
		return new IllegalStateException("Kafka at " + bootstrapServers() + " (spring.kafka.bootstrap-servers) "
				+ "did not answer within " + this.settings.adminTimeout().toSeconds()
				+ " s (parley.kafka.admin-timeout); is the broker running and reachable?", cause);
	}

	/** Where the admin client looks for Kafka, for the messages that name it. */
	private Object bootstrapServers() {
		return this.clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
	}

	private NewTopic topic(String name, int partitions, Duration retention) {
		return new NewTopic(name, partitions, this.settings.replicationFactor())
			.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis()),
					TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(this.settings.minInsyncReplicas())));
	}

}
