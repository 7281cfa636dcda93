package dev.parley.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Inbound commands as the sequencer polls them, for feeding {@link SequencerBatch}
 * directly: encoded by {@link EventCodec}, on one partition, with running offsets and the
 * current time as their timestamp.
 */
final class InboundRecords {

	private final EventCodec codec;

	private final int partition;

	private long offset;

	/**
	 * @param partition a partition no topic of the test has, so that the offsets the
	 * batch stores touch nothing else
	 */
	InboundRecords(EventCodec codec, int partition) {
		this.codec = codec;
		this.partition = partition;
	}

	List<ConsumerRecord<String, byte[]>> of(InboundCommand... commands) {
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		for (InboundCommand command : commands) {
			ProducerRecord<String, byte[]> produced = this.codec.command("inbound", command);
			records.add(new ConsumerRecord<>("inbound", this.partition, this.offset++, System.currentTimeMillis(),
					TimestampType.CREATE_TIME, -1, produced.value().length, produced.key(), produced.value(),
					new RecordHeaders(produced.headers().toArray()), Optional.empty()));
		}
		return records;
	}

}
