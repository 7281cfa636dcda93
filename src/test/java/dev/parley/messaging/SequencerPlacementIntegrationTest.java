package dev.parley.messaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.parley.infra.internal.TestKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a new owner of inbound partitions starts reading (crash safety): at the smaller
 * of the offset committed to Kafka and the offset stored with the events, so that
 * whatever either of them lost is read again; from the beginning where neither knows.
 * Against a real broker and the real schema on H2.
 */
@Tag("integration")
@Timeout(120)
class SequencerPlacementIntegrationTest {

	private static final String TOPIC = "placement-test";

	private static final String GROUP = "placement-test";

	@TempDir
	Path dir;

	@Test
	void startsAtTheSmallerOfTheCommittedAndTheStoredOffset() throws Exception {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:placement;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		EventStore store = new EventStore(JdbcClient.create(dataSource), new JdbcTemplate(dataSource));
		List<TopicPartition> partitions = new ArrayList<>();
		for (int p = 0; p < 5; p++) {
			partitions.add(new TopicPartition(TOPIC, p));
		}
		try (TestKafkaBroker broker = TestKafkaBroker.start(this.dir)) {
			fill(broker.bootstrapServers(), partitions);
			// Kafka lost the commit of what the store has (partition 0), the store lost
			// what Kafka committed (1), either never had any (2, 3), neither has any (4)
			store.saveOffset(0, 10);
			store.saveOffset(1, 5);
			store.saveOffset(2, 6);
			try (KafkaConsumer<String, byte[]> consumer = consumer(broker.bootstrapServers())) {
				consumer.assign(partitions);
				consumer.commitSync(Map.of(partitions.get(0), new OffsetAndMetadata(7), partitions.get(1),
						new OffsetAndMetadata(9), partitions.get(3), new OffsetAndMetadata(4)));
			}
			try (KafkaConsumer<String, byte[]> consumer = consumer(broker.bootstrapServers())) {
				consumer.assign(partitions);
				SequencerRebalance rebalance = new SequencerRebalance("placement-test", consumer, null, store);
				rebalance.onPartitionsAssigned(partitions);
				assertThat(consumer.paused()).containsExactlyInAnyOrderElementsOf(partitions);

				assertThat(rebalance.placeWhenDue()).containsExactlyInAnyOrderElementsOf(partitions);

				assertThat(rebalance.unplaced()).isEmpty();
				assertThat(consumer.position(partitions.get(0))).isEqualTo(7);
				assertThat(consumer.position(partitions.get(1))).isEqualTo(5);
				assertThat(consumer.position(partitions.get(2))).isEqualTo(6);
				assertThat(consumer.position(partitions.get(3))).isEqualTo(4);
				assertThat(consumer.position(partitions.get(4))).isZero();
			}
		}
	}

	/** Twenty records on every partition, so that each offset above exists. */
	private static void fill(String bootstrapServers, List<TopicPartition> partitions) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			admin.createTopics(List.of(new NewTopic(TOPIC, partitions.size(), (short) 1))).all().get();
		}
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
				new ByteArraySerializer())) {
			for (TopicPartition partition : partitions) {
				for (int i = 0; i < 20; i++) {
					producer.send(new ProducerRecord<>(TOPIC, partition.partition(), "k", new byte[] { 1 }));
				}
			}
			producer.flush();
		}
	}

	private static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
		return new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG, GROUP,
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new ByteArrayDeserializer());
	}

}
