package dev.parley.infra.internal;

import java.time.Clock;
import java.util.UUID;

import dev.parley.infra.Durability;
import dev.parley.infra.KafkaSettings;
import dev.parley.infra.NodeIdentity;
import dev.parley.infra.NodeProperties;
import dev.parley.infra.Peers;
import dev.parley.infra.Topics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The node's identity, clock, topics, whether other nodes share its Kafka, the durability
 * of an external database, and the data source's refusal of threads that must not wait.
 */
@Configuration(proxyBeanMethods = false)
class InfraConfiguration {

	@Bean
	NodeIdentity nodeIdentity(NodeProperties node) {
		String id = node.nodeId().isBlank() ? "node-" + UUID.randomUUID().toString().substring(0, 8) : node.nodeId();
		return new NodeIdentity(id);
	}

	@Bean
	Peers peers(ObjectProvider<EmbeddedKafkaBroker> embedded) {
		return (embedded.getIfAvailable() != null) ? Peers.NONE : Peers.POSSIBLE;
	}

	@Bean
	@Conditional(OnExternalDatabase.class)
	Durability durability() {
		return Durability.IMMEDIATE;
	}

	/** Refuses database connections to threads that must not wait (Tomcat's poller). */
	@Bean
	static NonBlockingDataSource.Wrapper nonBlockingDataSource() {
		return new NonBlockingDataSource.Wrapper();
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	Topics topics(KafkaSettings settings, TopicCreator creator) {
		return creator.topics();
	}

	@Bean
	TopicCreator topicCreator(KafkaSettings settings, KafkaConnectionDetails connection) {
		TopicCreator creator = new TopicCreator(settings, connection.getBootstrapServers());
		creator.createTopics();
		return creator;
	}

	@Bean
	KafkaHealthIndicator kafkaHealthIndicator(KafkaConnectionDetails connection, KafkaSettings settings) {
		return new KafkaHealthIndicator(connection.getBootstrapServers(), settings.adminTimeout());
	}

}
