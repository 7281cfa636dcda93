package dev.parley.infra;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * Parley's Kafka settings. The connection itself is Spring Boot's
 * ({@code spring.kafka.bootstrap-servers}); when it is not set, the embedded broker runs.
 *
 * @param embedded the in-process broker of the embedded default
 * @param topicPrefix prefix of every topic Parley creates
 * @param partitions partitions of the inbound and events topics (conversations are spread
 * over them; one sequencer owns each)
 * @param replicationFactor replication factor of every topic (1 embedded, 3 in a cluster)
 * @param minInsyncReplicas {@code min.insync.replicas} of every topic (2 in a cluster)
 * @param eventsRetention how long sequenced events stay in Kafka (the database keeps them
 * for good)
 * @param ephemeralRetention how long typing and presence events stay in Kafka
 * @param deadLetterRetention how long inbound commands the sequencer set aside stay on
 * the dead-letter topic for an operator to inspect, replay or drop
 * @param adminTimeout how long startup waits for Kafka before failing
 * @param healthTimeout how long the health check (readiness) waits for Kafka to answer
 * before it reports Kafka down
 */
@Validated
@ConfigurationProperties("parley.kafka")
public record KafkaSettings(@Valid @DefaultValue Embedded embedded, @DefaultValue("parley.") String topicPrefix,
		@DefaultValue("6") @Min(1) @Max(1000) int partitions, @DefaultValue("1") @Min(1) short replicationFactor,
		@DefaultValue("1") @Min(1) int minInsyncReplicas, @DefaultValue("7d") Duration eventsRetention,
		@DefaultValue("1m") Duration ephemeralRetention, @DefaultValue("30d") Duration deadLetterRetention,
		@DefaultValue("15s") Duration adminTimeout, @DefaultValue("2s") Duration healthTimeout) {

	@AssertTrue(message = "parley.kafka.min-insync-replicas must not exceed parley.kafka.replication-factor")
	boolean isMinInsyncWithinReplication() {
		return this.minInsyncReplicas <= this.replicationFactor;
	}

	/**
	 * The in-process KRaft broker.
	 *
	 * @param port client port on 127.0.0.1; 0 picks a free port
	 * @param controllerPort KRaft controller port on 127.0.0.1; 0 picks a free port
	 */
	public record Embedded(@DefaultValue("9092") @Min(0) @Max(65535) int port,
			@DefaultValue("0") @Min(0) @Max(65535) int controllerPort) {

	}

	/** The name of a topic, with the configured prefix. */
	public String topic(@NotBlank String name) {
		return this.topicPrefix + name;
	}

}
