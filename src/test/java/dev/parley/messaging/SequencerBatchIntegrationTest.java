package dev.parley.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import dev.parley.messaging.InboundCommand.Edit;
import dev.parley.messaging.InboundCommand.Send;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sequencer's store step against the real database (H2 here, PostgreSQL in the
 * subclass), fed inbound records directly: batches are stored without looking up client
 * ids first, and a resend of a stored command, in any position of a batch, still gets the
 * stored event back and is stored once.
 */
@ParleyIntegrationTest
class SequencerBatchIntegrationTest {

	/** A partition no topic of the test has, so the stored offsets touch nothing else. */
	private static final int PARTITION = 9_999;

	@LocalServerPort
	int port;

	@Autowired
	SequencerBatch batch;

	@Autowired
	EventCodec codec;

	@Autowired
	EventStore store;

	@Autowired
	MeterRegistry meters;

	private long offset;

	private boolean lookUpFirst;

	@Test
	void answersResendsWithTheStoredEventsAndStoresEveryCommandOnce() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestApi annApi = TestApi.as(this.port, ann.token());
		long group = annApi.post("/api/v1/groups", Map.of("title", "Resends", "memberIds", List.of(bob.userId())))
			.body()
			.path("conversationId")
			.asLong();
		long first = this.store.lastSeq(group) + 1;

		List<SequencedEvent> sent = apply(send(group, ann, "a1", "one"), send(group, bob, "b1", "two"));
		assertThat(sent).extracting(SequencedEvent::seq).containsExactly(first, first + 1);
		double lookups = lookups();

		List<SequencedEvent> mixed = apply(send(group, ann, "a2", "three"), send(group, bob, "b1", "two again"),
				send(group, ann, "a2", "three again"));
		assertThat(mixed).extracting(SequencedEvent::seq).containsExactly(first + 2, first + 1, first + 2);
		assertThat(mixed).extracting(SequencedEvent::body).containsExactly("three", "two", "three");
		assertThat(lookups()).as("the batch was stored again with its client ids looked up").isEqualTo(lookups + 1);

		assertThat(apply(send(group, ann, "a3", "four"))).extracting(SequencedEvent::seq).containsExactly(first + 3);
		assertThat(lookups()).as("the batch after a resend looks up too").isEqualTo(lookups + 2);
		assertThat(apply(send(group, ann, "a4", "five"))).extracting(SequencedEvent::seq).containsExactly(first + 4);
		assertThat(lookups()).as("and then no more").isEqualTo(lookups + 2);

		List<SequencedEvent> edited = apply(edit(group, bob, "e1", first + 1, "two, edited"));
		assertThat(edited).extracting(SequencedEvent::kind).containsExactly(EventKind.EDITED);
		List<SequencedEvent> editedAgain = apply(edit(group, bob, "e1", first + 1, "two, edited"),
				send(group, ann, "a5", "six"));
		assertThat(editedAgain).extracting(SequencedEvent::seq).containsExactly(first + 5, first + 6);
		assertThat(apply(send(group, ann, "a6", "seven"))).extracting(SequencedEvent::seq).containsExactly(first + 7);
		assertThat(lookups()).isEqualTo(lookups + 4);

		assertThat(annApi.delete("/api/v1/conversations/" + group + "/members/" + bob.userId()).status())
			.isEqualTo(204);
		long left = this.store.lastSeq(group);
		List<SequencedEvent> afterLeaving = apply(send(group, bob, "b1", "two once more"),
				send(group, bob, "b2", "not a member"));
		assertThat(afterLeaving).extracting(SequencedEvent::kind)
			.containsExactly(EventKind.MESSAGE, EventKind.REJECTED);
		assertThat(afterLeaving.get(0).seq()).as("the stored message, though its sender left").isEqualTo(first + 1);
		assertThat(this.store.lastSeq(group)).isEqualTo(left);
		assertThat(lookups()).as("refused commands were looked up one by one").isEqualTo(lookups + 4);

		List<EventRow> rows = this.store.after(group, first - 1, 100);
		assertThat(rows).filteredOn((row) -> row.kind() == EventKind.MESSAGE)
			.extracting(EventRow::clientId)
			.containsExactly("a1", "b1", "a2", "a3", "a4", "a5", "a6");
		assertThat(rows).filteredOn((row) -> row.kind() == EventKind.EDITED).hasSize(1);
		assertThat(this.store.find(group, first + 1)).map(EventRow::body).contains("two, edited");
	}

	private double lookups() {
		return this.meters.counter("parley.sequencer.lookups").count();
	}

	private List<SequencedEvent> apply(InboundCommand... commands) {
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		for (InboundCommand command : commands) {
			ProducerRecord<String, byte[]> produced = this.codec.command("inbound", command);
			records.add(new ConsumerRecord<>("inbound", PARTITION, this.offset++, System.currentTimeMillis(),
					TimestampType.CREATE_TIME, -1, produced.value().length, produced.key(), produced.value(),
					new RecordHeaders(produced.headers().toArray()), Optional.empty()));
		}
		SequencerBatch.Stored stored = this.batch.apply(records, this.lookUpFirst);
		this.lookUpFirst = stored.lookUpNext();
		return stored.events();
	}

	private static Send send(long conversationId, TestUser user, String clientId, String body) {
		return new Send(conversationId, user.userId(), user.deviceId(), clientId, body);
	}

	private static Edit edit(long conversationId, TestUser user, String clientId, long targetSeq, String body) {
		return new Edit(conversationId, user.userId(), user.deviceId(), clientId, targetSeq, body);
	}

}
