package dev.parley.infra.internal;

import java.util.List;

import dev.parley.infra.KafkaSettings;
import dev.parley.infra.NodeProperties;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the in-process broker when {@code spring.kafka.bootstrap-servers} is not set,
 * and points Spring Boot's Kafka clients at it. Every Kafka client bean depends on the
 * connection details, so the broker is up before anything produces or consumes and is
 * destroyed after all of them (the broker stops last).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnEmbeddedKafka.class)
class EmbeddedKafkaConfiguration {

	@Bean(initMethod = "start", destroyMethod = "close")
	EmbeddedKafkaBroker embeddedKafkaBroker(NodeProperties node, KafkaSettings kafka) {
		return new EmbeddedKafkaBroker(DataDirectory.prepare(node.dataDir(), "kafka"), kafka.embedded().port(),
				kafka.embedded().controllerPort());
	}

	@Bean
	KafkaConnectionDetails embeddedKafkaConnectionDetails(EmbeddedKafkaBroker broker) {
		String bootstrap = broker.bootstrapServers();
		return () -> List.of(bootstrap);
	}

}
