package dev.parley;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Writes commands straight into the inbound topic, as a gateway would but without its
 * checks: text the edges refuse reaches the sequencer this way. Every character outside
 * ASCII travels as a JSON {@code \\uXXXX} escape, so that even a lone UTF-16 surrogate
 * arrives as it was given.
 */
public final class InboundCommands {

	private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

	private InboundCommands() {
	}

	/** A version-1 {@code send} command's record for the inbound topic. */
	public static ProducerRecord<String, byte[]> send(String topic, long conversationId, long senderId, long deviceId,
			String clientId, String body) {
		Map<String, Object> command = new LinkedHashMap<>();
		command.put("type", "send");
		command.put("conversationId", conversationId);
		command.put("senderId", senderId);
		command.put("deviceId", deviceId);
		command.put("clientId", clientId);
		command.put("body", body);
		return raw(topic, conversationId, JSON.writeValueAsBytes(command));
	}

	/** A record with this value and the version-1 header, keyed by the conversation. */
	public static ProducerRecord<String, byte[]> raw(String topic, long conversationId, byte[] value) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, String.valueOf(conversationId), value);
		record.headers().add("v", "1".getBytes(StandardCharsets.UTF_8));
		return record;
	}

	/** Produces the record and waits until Kafka has it. */
	public static RecordMetadata produce(KafkaTemplate<String, byte[]> kafka, ProducerRecord<String, byte[]> record) {
		try {
			return kafka.send(record).get(20, TimeUnit.SECONDS).getRecordMetadata();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not produce to " + record.topic(), ex);
		}
	}

}
