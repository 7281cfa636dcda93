package dev.parley.messaging;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.parley.infra.NodeIdentity;
import dev.parley.infra.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sets inbound records aside on the dead-letter topic ({@link Topics#deadLetters()}): the
 * record's key, value and headers as they were, plus headers saying why
 * ({@code parley.dlt.reason}: {@code refused}, {@code unreadable} or {@code error}; for a
 * refusal the database's {@code parley.dlt.sqlstate}; the failure's
 * {@code parley.dlt.exception} class) and where from ({@code parley.dlt.topic},
 * {@code parley.dlt.partition}, {@code parley.dlt.offset}, {@code parley.dlt.node},
 * {@code parley.dlt.time}). Each one is counted in {@code parley.sequencer.dead.letters}
 * by reason and logged as one WARN line with those facts, never the body. Called by the
 * sequencer threads; {@link #send} returns only once Kafka has the record, so the
 * sequencer moves past it only then.
 */
@Component
class DeadLetters {

	static final String REASON = "parley.dlt.reason";

	static final String UNREADABLE = "unreadable";

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private static final long SEND_TIMEOUT_SECONDS = 30;

	private final KafkaTemplate<String, byte[]> kafka;

	private final Topics topics;

	private final NodeIdentity node;

	private final MeterRegistry meters;

	DeadLetters(KafkaTemplate<String, byte[]> kafka, Topics topics, NodeIdentity node, MeterRegistry meters) {
		this.kafka = kafka;
		this.topics = topics;
		this.node = node;
		this.meters = meters;
		for (String reason : new String[] { StoreFailure.REFUSED.reason(), StoreFailure.ERROR.reason(), UNREADABLE }) {
			counter(reason);
		}
	}

	/**
	 * Writes the record to the dead-letter topic and waits until Kafka has it.
	 * @param record the inbound record
	 * @param reason {@code refused}, {@code unreadable} or {@code error}
	 * @param failure what went wrong, or {@code null} for an unreadable record
	 * @throws KafkaException when Kafka did not take it (the sequencer retries later)
	 */
	void send(ConsumerRecord<String, byte[]> record, String reason, Throwable failure) {
		ProducerRecord<String, byte[]> letter = new ProducerRecord<>(this.topics.deadLetters(), null,
				record.timestamp(), record.key(), record.value());
		for (Header header : record.headers()) {
			letter.headers().add(header);
		}
		put(letter, REASON, reason);
		put(letter, "parley.dlt.topic", record.topic());
		put(letter, "parley.dlt.partition", String.valueOf(record.partition()));
		put(letter, "parley.dlt.offset", String.valueOf(record.offset()));
		put(letter, "parley.dlt.node", this.node.id());
		put(letter, "parley.dlt.time", String.valueOf(System.currentTimeMillis()));
		String state = (failure != null) ? StoreFailure.sqlState(failure) : null;
		if (state != null) {
			put(letter, "parley.dlt.sqlstate", state);
		}
		if (failure != null) {
			put(letter, "parley.dlt.exception", failure.getClass().getName());
		}
		try {
			this.kafka.send(letter).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new KafkaException("The dead-letter topic did not take the record", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("Interrupted while writing a dead letter", ex);
		}
		counter(reason).increment();
		// the failure's class and SQLState only: a driver's message may quote the data
		log.warn("Set inbound record {}-{}@{} (key {}) aside on {}: {}{}{}", record.topic(), record.partition(),
				record.offset(), record.key(), this.topics.deadLetters(), reason,
				(failure != null) ? ", " + failure.getClass().getSimpleName() : "",
				(state != null) ? ", SQLState " + state : "");
	}

	private Counter counter(String reason) {
		return Counter.builder("parley.sequencer.dead.letters")
			.description("Inbound commands set aside on the dead-letter topic, by reason")
			.tag("reason", reason)
			.register(this.meters);
	}

	private static void put(ProducerRecord<String, byte[]> record, String key, String value) {
		record.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
	}

}
