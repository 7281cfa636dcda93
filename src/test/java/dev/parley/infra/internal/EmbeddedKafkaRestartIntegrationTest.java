package dev.parley.infra.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.parley.ParleyNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The embedded broker keeps topics, records and committed offsets across a restart. */
@Tag("integration")
@Timeout(180)
class EmbeddedKafkaRestartIntegrationTest {

	private static final String TOPIC = "restart-probe";

	private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

	@TempDir
	Path dataDir;

	@Test
	void keepsRecordsTopicsAndCommittedOffsetsAcrossARestart() throws Exception {
		try (ParleyNode node = ParleyNode.start(this.dataDir)) {
			String bootstrap = node.bootstrapServers();
			try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
				admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
			}
			try (KafkaProducer<String, String> producer = producer(bootstrap)) {
				producer.send(new ProducerRecord<>(TOPIC, "k", "first")).get();
				producer.send(new ProducerRecord<>(TOPIC, "k", "second")).get();
			}
			try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
				consumer.assign(List.of(PARTITION));
				consumer.seekToBeginning(List.of(PARTITION));
				List<String> seen = poll(consumer, 1);
				assertThat(seen).first().isEqualTo("first");
				consumer.commitSync(Map.of(PARTITION, new OffsetAndMetadata(1)));
			}
		}
		try (ParleyNode node = ParleyNode.start(this.dataDir)) {
			String bootstrap = node.bootstrapServers();
			try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
				Set<String> topics = admin.listTopics().names().get();
				assertThat(topics).contains(TOPIC, "parley.inbound", "parley.events");
			}
			try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
				assertThat(consumer.committed(Set.of(PARTITION)).get(PARTITION).offset()).isEqualTo(1);
				consumer.assign(List.of(PARTITION));
				consumer.seek(PARTITION, 0);
				assertThat(poll(consumer, 2)).containsExactly("first", "second");
			}
		}
	}

	private static List<String> poll(KafkaConsumer<String, String> consumer, int count) {
		List<String> seen = new java.util.ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
				seen.add(record.value());
			}
			return seen.size() >= count;
		});
		return seen;
	}

	private static KafkaProducer<String, String> producer(String bootstrap) {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
				new StringSerializer());
	}

	private static KafkaConsumer<String, String> consumer(String bootstrap) {
		return new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
						"restart-probe", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
				new StringDeserializer(), new StringDeserializer());
	}

}
