package dev.parley.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.parley.infra.internal.TestKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tail sees what is published after it started, on every partition, and goes on past a
 * record its handler fails on.
 */
@Tag("integration")
@Timeout(120)
class TopicTailIntegrationTest {

	@TempDir
	Path dir;

	@Test
	void readsFromTheEndAndSurvivesAFailingHandler() throws Exception {
		try (TestKafkaBroker broker = TestKafkaBroker.start(this.dir)) {
			Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
			try (Admin admin = Admin.create(client)) {
				admin.createTopics(List.of(new NewTopic("tail-test", 3, (short) 1))).all().get();
			}
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(
					Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
							ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
							ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
				producer.send(new ProducerRecord<>("tail-test", "k0", "before")).get();
				List<String> seen = new CopyOnWriteArrayList<>();
				var consumers = new DefaultKafkaConsumerFactory<String, String>(
						Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
				TopicTail<String> tail = TopicTail.start(consumers, "tail-test", "tail-test", "tail-test",
						StringDeserializer.class, (record) -> {
							if (record.value().equals("poison")) {
								throw new IllegalStateException("handler fails on purpose");
							}
							seen.add(record.value());
						});
				try {
					producer.send(new ProducerRecord<>("tail-test", "k1", "poison")).get();
					for (int i = 0; i < 9; i++) {
						producer.send(new ProducerRecord<>("tail-test", "k" + i, "after-" + i)).get();
					}
					Awaitility.await().until(() -> seen.size() >= 9);
					assertThat(seen).containsExactlyInAnyOrder("after-0", "after-1", "after-2", "after-3", "after-4",
							"after-5", "after-6", "after-7", "after-8");
				}
				finally {
					tail.stop();
				}
			}
		}
	}

}
