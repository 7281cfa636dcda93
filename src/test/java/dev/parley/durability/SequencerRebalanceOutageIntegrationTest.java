package dev.parley.durability;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.parley.ParleyNode;
import dev.parley.TcpLink;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import dev.parley.infra.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sequencer given inbound partitions while the database is unreachable: it cannot read
 * where to start on them then, and starts on them once the database is back, instead of
 * giving up its place in the group. The node's database (an {@link H2TcpServer}) goes
 * through a {@link TcpLink} the test cuts; the rebalances come from another member
 * joining the sequencers' consumer group and leaving it.
 */
@Tag("integration")
@Timeout(300)
class SequencerRebalanceOutageIntegrationTest {

	private static H2TcpServer server;

	@TempDir
	Path dataDir;

	private TcpLink link;

	private ParleyNode node;

	@BeforeAll
	static void startServer() throws SQLException {
		server = H2TcpServer.start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@AfterEach
	void stop() {
		this.link.restore();
		if (this.node != null) {
			this.node.close();
		}
		this.link.close();
	}

	@Test
	void startsOnPartitionsGivenWhileTheDatabaseWasDownOnceItIsBack() {
		this.link = TcpLink.to("127.0.0.1", server.port());
		this.node = ParleyNode.start(this.dataDir, server.dataSource(this.link.port()));
		int port = this.node.port();
		TestUser ann = TestUsers.signUp(port);
		TestUser bob = TestUsers.signUp(port);
		try (TestClient annClient = TestClient.ready(port, ann.token())) {
			annClient.send(Map.of("type", "send", "id", "before", "to", bob.userId(), "body", "before"));
			annClient.await((frame) -> "ack".equals(frame.path("type").asString()));

			this.link.cut();
			joinAndLeaveTheSequencers();
			this.link.restore();

			// answered `unavailable` until the sequencer stores again: sent again with
			// the
			// same id until it is acknowledged
			Map<String, Object> send = Map.of("type", "send", "id", "after", "to", bob.userId(), "body", "after");
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofSeconds(11))
				.until(() -> {
					if (acked(annClient, "after")) {
						return true;
					}
					annClient.send(send);
					return false;
				});
			assertThat(annClient.ofType("ack")).extracting((ack) -> ack.path("id").asString())
				.containsOnly("before", "after");
		}
	}

	private static boolean acked(TestClient client, String id) {
		return client.ofType("ack").stream().anyMatch((ack) -> id.equals(ack.path("id").asString()));
	}

	/**
	 * Joins the sequencers' consumer group until it has an assignment, then leaves it:
	 * the node's sequencer is given partitions twice.
	 */
	private void joinAndLeaveTheSequencers() {
		AtomicBoolean joined = new AtomicBoolean();
		try (KafkaConsumer<String, byte[]> member = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				this.node.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "parley-sequencer",
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
				new ByteArrayDeserializer())) {
			member.subscribe(List.of(this.node.context().getBean(Topics.class).inbound()),
					new ConsumerRebalanceListener() {
						@Override
						public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
						}

						@Override
						public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
							joined.set(true);
						}
					});
			Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
				member.poll(Duration.ofMillis(100));
				return joined.get();
			});
		}
	}

}
