package dev.parley;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what a topic holds, as another node (or an operator's tool) would. */
public final class TopicRecords {

	private TopicRecords() {
	}

	/**
	 * Every record of every partition of the topic, from the beginning to its end now.
	 */
	public static List<ConsumerRecord<String, byte[]>> all(String bootstrapServers, String topic) {
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
		}
		return records;
	}

	/**
	 * The records of the events topic for one conversation and event kind (headers
	 * {@code c} and {@code k}), in partition order.
	 */
	public static List<ConsumerRecord<String, byte[]>> events(String bootstrapServers, String topic,
			long conversationId, String kind) {
		return all(bootstrapServers, topic).stream()
			.filter((record) -> String.valueOf(conversationId).equals(header(record, "c"))
					&& kind.equals(header(record, "k")))
			.toList();
	}

	/** A header's value as text, or {@code null}. */
	public static String header(ConsumerRecord<String, byte[]> record, String key) {
		Header header = record.headers().lastHeader(key);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
