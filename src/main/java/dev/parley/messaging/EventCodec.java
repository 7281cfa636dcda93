package dev.parley.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
 * {@code i} client id, {@code j} subject, {@code t} time, {@code b} body, and {@code o}
 * for an event its sequencer's node has delivered to its own sessions already). Both are
 * keyed by conversation id.
 */
@Component
class EventCodec {

	static final String VERSION = "1";

	private static final String ORIGIN = "o";

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
	 * The command, or {@code null} when the record is not a readable, complete version-1
	 * command (every command that changes a conversation has a client id, a message or
	 * edit its body, a receipt a known kind).
	 */
	InboundCommand command(ConsumerRecord<String, byte[]> record) {
		if (!VERSION.equals(header(record.headers(), "v")) || record.value() == null) {
			return null;
		}
		try {
			InboundCommand command = this.json.readValue(record.value(), InboundCommand.class);
			return complete(command) ? command : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static boolean complete(InboundCommand command) {
		if (command instanceof InboundCommand.Send send) {
			return send.clientId() != null && send.body() != null;
		}
		if (command instanceof InboundCommand.Edit edit) {
			return edit.clientId() != null && edit.body() != null;
		}
		if (command instanceof InboundCommand.Delete delete) {
			return delete.clientId() != null;
		}
		if (command instanceof InboundCommand.Receipt receipt) {
			return "delivered".equals(receipt.kind()) || "read".equals(receipt.kind());
		}
		return false;
	}

	ProducerRecord<String, byte[]> event(String topic, SequencedEvent event) {
		return event(topic, event, null);
	}

	/**
	 * The record of an event; with an {@code origin}, marked as delivered already by the
	 * {@link EventTail} of that origin.
	 */
	ProducerRecord<String, byte[]> event(String topic, SequencedEvent event, byte[] origin) {
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
		if (origin != null) {
			headers.add(ORIGIN, origin);
		}
		return record;
	}

	/**
	 * Whether the record is marked with this origin
	 * ({@link #event(String, SequencedEvent, byte[])}).
	 */
	static boolean hasOrigin(ConsumerRecord<String, byte[]> record, byte[] origin) {
		Header header = record.headers().lastHeader(ORIGIN);
		return header != null && Arrays.equals(header.value(), origin);
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
