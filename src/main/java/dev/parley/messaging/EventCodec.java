package dev.parley.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The Kafka encoding of inbound commands and events. Inbound: JSON of
 * {@link InboundCommand}. Events: the value is the client frame (UTF-8 JSON), sent to
 * sessions as it is; the routing facts travel in headers ({@code v} version, {@code k}
 * kind, {@code c} conversation, {@code s} seq, {@code u} sender, {@code d} device,
 * {@code i} client id, {@code j} subject, {@code t} time, {@code b} body). Both are keyed
 * by conversation id.
 */
@Component
class EventCodec {

	static final String VERSION = "1";

	private final JsonMapper json;

	EventCodec(JsonMapper json) {
		this.json = json;
	}

	ProducerRecord<String, byte[]> command(String topic, InboundCommand command) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, String.valueOf(command.conversationId()),
				this.json.writeValueAsBytes(command));
		record.headers().add("v", VERSION.getBytes(StandardCharsets.UTF_8));
		return record;
	}

	/**
	 * The command, or {@code null} when the record is not a readable version-1 command.
	 */
	InboundCommand command(ConsumerRecord<String, byte[]> record) {
		if (!VERSION.equals(header(record.headers(), "v"))) {
			return null;
		}
		try {
			return this.json.readValue(record.value(), InboundCommand.class);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	ProducerRecord<String, byte[]> event(String topic, SequencedEvent event) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, String.valueOf(event.conversationId()),
				event.frame().getBytes(StandardCharsets.UTF_8));
		Headers headers = record.headers();
		put(headers, "v", VERSION);
		put(headers, "k", event.kind().wireName());
		put(headers, "c", String.valueOf(event.conversationId()));
		put(headers, "s", String.valueOf(event.seq()));
		put(headers, "u", String.valueOf(event.senderId()));
		put(headers, "d", String.valueOf(event.deviceId()));
		put(headers, "j", String.valueOf(event.subjectId()));
		put(headers, "t", String.valueOf(event.timeMillis()));
		if (event.clientId() != null) {
			put(headers, "i", event.clientId());
		}
		if (event.body() != null) {
			put(headers, "b", event.body());
		}
		return record;
	}

	/** The event, or {@code null} when the record is not a readable version-1 event. */
	SequencedEvent event(ConsumerRecord<String, byte[]> record) {
		Headers headers = record.headers();
		if (!VERSION.equals(header(headers, "v"))) {
			return null;
		}
		try {
			return new SequencedEvent(Long.parseLong(header(headers, "c")), Long.parseLong(header(headers, "s")),
					EventKind.of(header(headers, "k")), Long.parseLong(header(headers, "u")),
					Long.parseLong(header(headers, "d")), header(headers, "i"), Long.parseLong(header(headers, "j")),
					header(headers, "b"), Long.parseLong(header(headers, "t")),
					new String(record.value(), StandardCharsets.UTF_8));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static void put(Headers headers, String key, String value) {
		headers.add(key, value.getBytes(StandardCharsets.UTF_8));
	}

	private static String header(Headers headers, String key) {
		Header header = headers.lastHeader(key);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
