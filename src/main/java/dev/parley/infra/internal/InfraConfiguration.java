package dev.parley.infra.internal;

import java.time.Clock;
import java.util.UUID;

import dev.parley.infra.ClientInput;
import dev.parley.infra.KafkaSettings;
import dev.parley.infra.NodeIdentity;
import dev.parley.infra.NodeProperties;
import dev.parley.infra.Peers;
import dev.parley.infra.Topics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.databind.json.JsonMapper;

/**
 * The node's identity, clock, topics (created, and Kafka's health checked, with admin
 * clients configured from Spring Boot's {@code spring.kafka.*}, like every Kafka client),
 * whether other nodes share its Kafka, and the JSON mapper for what clients send.
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
	ClientInput clientInput(JsonMapper json) {
		return new ClientInput(json);
	}

	/**
	 * REST bodies are client input: the JSON converter (in its usual place, after the one
	 * for plain strings) reads them, and writes the answers, with its mapper. Runs after
	 * Boot's customizer, which installs the application's mapper.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	ServerHttpMessageConvertersCustomizer clientJsonConverter(ClientInput input) {
		return (converters) -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(input.mapper()));
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	Topics topics(TopicCreator creator) {
		return creator.topics();
	}

	@Bean
	TopicCreator topicCreator(KafkaSettings settings, KafkaAdmin admin) {
		TopicCreator creator = new TopicCreator(settings, admin.getConfigurationProperties());
		creator.createTopics();
		return creator;
	}

	@Bean
	KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin, KafkaSettings settings) {
		return new KafkaHealthIndicator(admin.getConfigurationProperties(), settings.healthTimeout());
	}

}
