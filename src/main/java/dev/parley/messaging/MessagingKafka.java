package dev.parley.messaging;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micrometer.observation.Observation;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.SendResult;

/**
 * The producer of the messaging pipeline: Spring Boot's producer settings (idempotent,
 * {@code acks=all}) with string keys and byte-array values. Its sends never throw: a
 * record the producer refuses at once fails the returned future, as every later refusal
 * does, so each caller handles one failure path.
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
		return new FuturesOnlyTemplate(bytes);
	}

	/**
	 * {@link KafkaTemplate} throws ("Send failed") when the producer's future is already
	 * failed, e.g. for a record over its size limit or while it recovers from a refused
	 * batch; here that failure goes into the future. A throw once ended the sequencer's
	 * worker thread.
	 */
	static final class FuturesOnlyTemplate extends KafkaTemplate<String, byte[]> {

		FuturesOnlyTemplate(ProducerFactory<String, byte[]> producers) {
			super(producers);
		}

		@Override
		protected CompletableFuture<SendResult<String, byte[]>> doSend(ProducerRecord<String, byte[]> record,
				Observation observation) {
			try {
				return super.doSend(record, observation);
			}
			catch (RuntimeException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}

	}

}
