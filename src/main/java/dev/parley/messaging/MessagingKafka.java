package dev.parley.messaging;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The producer of the messaging pipeline: Spring Boot's producer settings (idempotent,
 * {@code acks=all}) with string keys and byte-array values.
 */
@Configuration(proxyBeanMethods = false)
class MessagingKafka {

	@Bean
	KafkaTemplate<String, byte[]> messagingKafkaTemplate(ProducerFactory<Object, Object> producerFactory) {
		@SuppressWarnings("unchecked")
		ProducerFactory<String, byte[]> bytes = (ProducerFactory<String, byte[]>) (ProducerFactory<?, ?>) producerFactory
			.copyWithConfigurationOverride(Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
					ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class, ProducerConfig.ACKS_CONFIG,
					"all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
		return new KafkaTemplate<>(bytes);
	}

}
