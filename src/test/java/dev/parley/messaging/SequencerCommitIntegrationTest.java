package dev.parley.messaging;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.parley.infra.internal.TestKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sequencer's last commit on stop, against a real broker: a wake-up left pending by
 * {@code stop()} (the worker was storing a batch, not polling) no longer loses the final
 * offsets.
 */
@Tag("integration")
@Timeout(120)
class SequencerCommitIntegrationTest {

	@TempDir
	Path dir;

	@Test
	void commitsTheLastOffsetsDespiteAPendingWakeup() throws Exception {
		try (TestKafkaBroker broker = TestKafkaBroker.start(this.dir)) {
			try (Admin admin = Admin
				.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
				admin.createTopics(List.of(new NewTopic("commit-test", 1, (short) 1))).all().get();
			}
			TopicPartition partition = new TopicPartition("commit-test", 0);
			try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
					Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
							ConsumerConfig.GROUP_ID_CONFIG, "commit-test"),
					new StringDeserializer(), new ByteArrayDeserializer())) {
				consumer.assign(List.of(partition));
				// what a worker that was not polling when stop() came meets
				consumer.wakeup();
				assertThatExceptionOfType(WakeupException.class)
					.isThrownBy(() -> consumer.commitSync(Map.of(partition, new OffsetAndMetadata(3))));

				consumer.wakeup();
				PublishWindow.commitSync(consumer, Map.of(partition, new OffsetAndMetadata(5)));
				assertThat(consumer.committed(Set.of(partition)).get(partition).offset()).isEqualTo(5);
			}
		}
	}

}
