package dev.parley.infra;

/**
 * The Kafka topics Parley uses, created at startup with the partition counts, replication
 * and retention of {@link KafkaSettings}.
 *
 * @param inbound accepted sends and other client commands, keyed by conversation id;
 * consumed by the sequencer group
 * @param events sequenced conversation events, keyed by conversation id; tailed by every
 * gateway node
 * @param ephemeral typing and presence, short retention, never stored
 * @param control cluster-wide control messages (token revocation), tailed by every node
 * @param deadLetters inbound commands the sequencer set aside because they can never be
 * stored, keyed like the inbound topic, with headers saying why and where they came from;
 * read only by operators
 */
public record Topics(String inbound, String events, String ephemeral, String control, String deadLetters) {

	/** The topic names under the configured prefix. */
	public static Topics of(KafkaSettings settings) {
		return new Topics(settings.topic("inbound"), settings.topic("events"), settings.topic("ephemeral"),
				settings.topic("control"), settings.topic("inbound-dlt"));
	}

}
