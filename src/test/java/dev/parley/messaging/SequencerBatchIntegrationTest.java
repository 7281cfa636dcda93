package dev.parley.messaging;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import dev.parley.conversations.Conversations;
import dev.parley.messaging.InboundCommand.Edit;
import dev.parley.messaging.InboundCommand.Receipt;
import dev.parley.messaging.InboundCommand.Send;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sequencer's store step against the real database (H2 here, PostgreSQL in the
 * subclass), fed inbound records directly: a resend of a stored command, in any position
 * of a batch, gets the stored event back and is stored once, also when the event was
 * stored by another writer, when its conversation was evicted from the client-id cache,
 * when its key's hash is another key's too, and when its key was spilled to
 * {@code client_keys} (with and without the cache's fingerprints of the spilled keys).
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
	EventRenderer renderer;

	@Autowired
	Conversations conversations;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	MeterRegistry meters;

	private long offset;

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

		List<SequencedEvent> mixed = apply(send(group, ann, "a2", "three"), send(group, bob, "b1", "two again"),
				send(group, ann, "a2", "three again"));
		assertThat(mixed).extracting(SequencedEvent::seq).containsExactly(first + 2, first + 1, first + 2);
		assertThat(mixed).extracting(SequencedEvent::body).containsExactly("three", "two", "three");

		assertThat(apply(send(group, ann, "a3", "four"))).extracting(SequencedEvent::seq).containsExactly(first + 3);
		assertThat(apply(send(group, ann, "a4", "five"))).extracting(SequencedEvent::seq).containsExactly(first + 4);

		List<SequencedEvent> edited = apply(edit(group, bob, "e1", first + 1, "two, edited"));
		assertThat(edited).extracting(SequencedEvent::kind).containsExactly(EventKind.EDITED);
		List<SequencedEvent> editedAgain = apply(edit(group, bob, "e1", first + 1, "two, edited"),
				send(group, ann, "a5", "six"));
		assertThat(editedAgain).extracting(SequencedEvent::seq).containsExactly(first + 5, first + 6);
		assertThat(apply(send(group, ann, "a6", "seven"))).extracting(SequencedEvent::seq).containsExactly(first + 7);

		assertThat(annApi.delete("/api/v1/conversations/" + group + "/members/" + bob.userId()).status())
			.isEqualTo(204);
		long left = this.store.lastSeq(group);
		List<SequencedEvent> afterLeaving = apply(send(group, bob, "b1", "two once more"),
				send(group, bob, "b2", "not a member"));
		assertThat(afterLeaving).extracting(SequencedEvent::kind)
			.containsExactly(EventKind.MESSAGE, EventKind.REJECTED);
		assertThat(afterLeaving.get(0).seq()).as("the stored message, though its sender left").isEqualTo(first + 1);
		assertThat(this.store.lastSeq(group)).isEqualTo(left);

		List<EventRow> rows = this.store.after(group, first - 1, 100);
		assertThat(rows).filteredOn((row) -> row.kind() == EventKind.MESSAGE)
			.extracting(EventRow::clientId)
			.containsExactly("a1", "b1", "a2", "a3", "a4", "a5", "a6");
		assertThat(rows).filteredOn((row) -> row.kind() == EventKind.EDITED).hasSize(1);
		assertThat(this.store.find(group, first + 1)).map(EventRow::body).contains("two, edited");
	}

	@Test
	void answersResendsOfEventsAnotherWriterStored() {
		Group g = newGroup();
		assertThat(apply(send(g.id(), g.ann(), "a1", "one"))).extracting(SequencedEvent::seq)
			.containsExactly(g.first());

		// as another node's sequencer would, after this conversation's partition moved
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		this.transactions.executeWithoutResult((status) -> {
			long seq = this.store.lockSequence(g.id(), now) + 1;
			this.store.insert(List.of(new EventRow(g.id(), seq, EventKind.MESSAGE, g.bob().userId(), g.bob().deviceId(),
					"b1", "stored elsewhere", null, null, null, now, null, false)));
			this.store.updateSequence(g.id(), seq, now);
		});
		double read = this.meters.counter("parley.sequencer.client.keys.read").count();

		List<SequencedEvent> again = apply(send(g.id(), g.bob(), "b1", "resent here"),
				send(g.id(), g.ann(), "a1", "one again"), send(g.id(), g.ann(), "a2", "two"));
		assertThat(again).extracting(SequencedEvent::seq).containsExactly(g.first() + 1, g.first(), g.first() + 2);
		assertThat(again).extracting(SequencedEvent::body).containsExactly("stored elsewhere", "one", "two");
		assertThat(this.meters.counter("parley.sequencer.client.keys.read").count())
			.as("only the event stored elsewhere was read")
			.isEqualTo(read + 1);
		assertThat(clientIds(g.id(), g.first())).containsExactly("a1", "b1", "a2");
	}

	@Test
	void answersResendsOfConversationsEvictedFromTheCache() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		long one = group(ann, bob);
		long two = group(ann, bob);
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		// room for one conversation at a time: each batch below evicts the other
		SequencerBatch small = batch(
				new ClientKeyCache(this.store, 1, ClientKeyCache.FINGERPRINTS_MAX, meters, Runnable::run));
		long firstOfOne = this.store.lastSeq(one) + 1;
		long firstOfTwo = this.store.lastSeq(two) + 1;

		apply(small, send(one, ann, "x", "one in one"), send(one, bob, "y", "two in one"));
		apply(small, send(two, ann, "x", "one in two"));
		List<SequencedEvent> resent = apply(small, send(one, bob, "y", "again"), send(one, ann, "x", "again"));
		assertThat(resent).extracting(SequencedEvent::seq).containsExactly(firstOfOne + 1, firstOfOne);
		assertThat(apply(small, send(two, ann, "x", "again"), send(two, ann, "z", "new")))
			.extracting(SequencedEvent::seq)
			.containsExactly(firstOfTwo, firstOfTwo + 1);
		assertThat(meters.counter("parley.sequencer.client.keys.evicted").count()).isGreaterThanOrEqualTo(3);
		assertThat(meters.counter("parley.sequencer.client.keys.read").count())
			.as("each conversation was read again after its eviction")
			.isEqualTo(3);
		assertThat(clientIds(one, firstOfOne)).containsExactly("x", "y");
		assertThat(clientIds(two, firstOfTwo)).containsExactly("x", "z");
	}

	@Test
	void tellsApartKeysWhoseHashesCollide() {
		Group g = newGroup();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		SequencerBatch batch = batch(colliding(meters));

		assertThat(apply(batch, send(g.id(), g.ann(), "a", "1"), send(g.id(), g.bob(), "a", "2")))
			.extracting(SequencedEvent::seq)
			.containsExactly(g.first(), g.first() + 1);
		assertThat(apply(batch, send(g.id(), g.ann(), "b", "3"), send(g.id(), g.bob(), "a", "2 again"),
				send(g.id(), g.ann(), "a", "1 again"), send(g.id(), g.bob(), "c", "4")))
			.extracting(SequencedEvent::seq)
			.containsExactly(g.first() + 2, g.first() + 1, g.first(), g.first() + 3);
		// a cache that reads them all from the store at once holds the same
		SequencerBatch fresh = batch(colliding(meters));
		assertThat(apply(fresh, send(g.id(), g.bob(), "c", "4 again"), send(g.id(), g.ann(), "b", "3 again"),
				send(g.id(), g.bob(), "d", "5")))
			.extracting(SequencedEvent::seq)
			.containsExactly(g.first() + 3, g.first() + 2, g.first() + 4);
		assertThat(clientIds(g.id(), g.first())).containsExactly("a", "a", "b", "c", "d");
	}

	@Test
	void readsNoHistoryForReceiptsAlone() {
		Group g = newGroup();
		apply(send(g.id(), g.ann(), "a1", "one"), send(g.id(), g.ann(), "a2", "two"));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		SequencerBatch fresh = batch(cache(meters));

		assertThat(apply(fresh, new Receipt(g.id(), g.bob().userId(), g.bob().deviceId(), "read", g.first() + 1)))
			.extracting(SequencedEvent::kind)
			.containsExactly(EventKind.RECEIPT);
		assertThat(meters.counter("parley.sequencer.client.keys.read").count()).as("a receipt needs no client ids")
			.isZero();
		assertThat(apply(fresh, send(g.id(), g.ann(), "a1", "one again"))).extracting(SequencedEvent::seq)
			.containsExactly(g.first());
		assertThat(meters.counter("parley.sequencer.client.keys.read").count()).isEqualTo(2);
	}

	@Test
	void spillsKeysToTheStoreAndAnswersResendsOfThem() {
		Group g = newGroup();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		SequencerBatch batch = batch(cache(meters));
		int count = ClientKeyCache.SPILL_AT + 6;
		InboundCommand[] sends = new InboundCommand[count];
		for (int i = 0; i < count; i++) {
			sends[i] = send(g.id(), (i % 2 == 0) ? g.ann() : g.bob(), "k" + i, "m" + i);
		}
		apply(batch, sends);
		assertThat(this.store.clientKeySeqs(g.id(), hash(g.ann(), "k0"))).as("nothing spilled before the next command")
			.isEmpty();

		// the next batch spills the keys held, then holds only their fingerprints
		assertThat(apply(batch, send(g.id(), g.ann(), "new-1", "after"))).extracting(SequencedEvent::seq)
			.containsExactly(g.first() + count);
		assertThat(this.store.clientKeySeqs(g.id(), hash(g.ann(), "k0"))).containsExactly(g.first());
		assertThat(this.store.clientKeySeqs(g.id(), hash(g.bob(), "k" + (count - 1))))
			.containsExactly(g.first() + count - 1);
		assertThat(apply(batch, send(g.id(), g.bob(), "k5", "again"), send(g.id(), g.ann(), "new-2", "new"),
				send(g.id(), g.ann(), "new-1", "again")))
			.extracting(SequencedEvent::seq)
			.containsExactly(g.first() + 5, g.first() + count + 1, g.first() + count);
		assertThat(meters.counter("parley.sequencer.client.keys.lookups").count())
			.as("only the spilled key resent was looked up")
			.isEqualTo(1);
		assertThat(apply(batch, send(g.id(), g.bob(), "k5", "once more"))).extracting(SequencedEvent::seq)
			.containsExactly(g.first() + 5);
		assertThat(meters.counter("parley.sequencer.client.keys.lookups").count())
			.as("a key found by a lookup is held again")
			.isEqualTo(1);

		// a cache that reads the fingerprints from the store, and one that holds none
		for (int fingerprintsMax : new int[] { ClientKeyCache.FINGERPRINTS_MAX, 0 }) {
			SimpleMeterRegistry fresh = new SimpleMeterRegistry();
			SequencerBatch reading = batch(
					new ClientKeyCache(this.store, Long.MAX_VALUE, fingerprintsMax, fresh, Runnable::run));
			String id = "new-" + (fingerprintsMax + 3);
			assertThat(apply(reading, send(g.id(), g.ann(), "k10", "again"), send(g.id(), g.ann(), id, "new"),
					send(g.id(), g.ann(), "new-2", "again")))
				.extracting(SequencedEvent::seq)
				.containsExactly(g.first() + 10, this.store.lastSeq(g.id()), g.first() + count + 1);
			assertThat(fresh.counter("parley.sequencer.client.keys.lookups").count())
				.isEqualTo((fingerprintsMax == 0) ? 2 : 1);
		}
		assertThat(clientIds(g.id(), g.first())).hasSize(count + 4).doesNotHaveDuplicates();
	}

	/**
	 * A conversation's partition moves between two nodes (two caches), each spilling in
	 * turn: the node that comes back holds a stale entry, below the other's spill.
	 */
	@Test
	void answersResendsWhenTwoNodesSpillTheSameConversationInTurn() {
		Group g = newGroup();
		int n = ClientKeyCache.SPILL_AT;
		SequencerBatch nodeA = batch(cache(new SimpleMeterRegistry()));
		SequencerBatch nodeB = batch(cache(new SimpleMeterRegistry()));
		long first = g.first();

		apply(nodeA, sends(g.id(), g.ann(), "a", n));
		// B reads A's n events, spills them, stores its own; then spills those
		apply(nodeB, sends(g.id(), g.bob(), "b", n));
		assertThat(apply(nodeB, send(g.id(), g.bob(), "b-last", "x"))).extracting(SequencedEvent::seq)
			.containsExactly(first + 2L * n);

		// A comes back: its entry covers only its own n events and spilled none of them;
		// it reads B's, answers the resends, and spills only what B had not (b-last)
		assertThat(apply(nodeA, send(g.id(), g.ann(), "a3", "again"), send(g.id(), g.bob(), "b5", "again"),
				send(g.id(), g.bob(), "b-last", "again"), send(g.id(), g.ann(), "a-new", "new")))
			.extracting(SequencedEvent::seq)
			.containsExactly(first + 3, first + n + 5, first + 2L * n, first + 2L * n + 1);
		assertThat(this.store.clientKeySeqs(g.id(), hash(g.ann(), "a3"))).containsExactly(first + 3);
		assertThat(this.store.clientKeySeqs(g.id(), hash(g.bob(), "b5"))).containsExactly(first + n + 5);
		assertThat(this.store.clientKeySeqs(g.id(), hash(g.bob(), "b-last"))).containsExactly(first + 2L * n);

		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		SequencerBatch nodeC = batch(cache(meters));
		assertThat(apply(nodeC, send(g.id(), g.ann(), "a0", "again"), send(g.id(), g.bob(), "b0", "again"),
				send(g.id(), g.bob(), "b-last", "again"), send(g.id(), g.ann(), "a-new", "again"),
				send(g.id(), g.ann(), "c0", "new")))
			.extracting(SequencedEvent::seq)
			.containsExactly(first, first + n, first + 2L * n, first + 2L * n + 1, first + 2L * n + 2);
		assertThat(meters.counter("parley.sequencer.client.keys.lookups").count()).as("the three spilled keys resent")
			.isEqualTo(3);
		assertThat(this.store.after(g.id(), first - 1, 1000)).extracting(EventRow::clientId)
			.hasSize(2 * n + 3)
			.doesNotHaveDuplicates();
	}

	private static InboundCommand[] sends(long conversationId, TestUser user, String prefix, int count) {
		InboundCommand[] sends = new InboundCommand[count];
		for (int i = 0; i < count; i++) {
			sends[i] = send(conversationId, user, prefix + i, prefix + " " + i);
		}
		return sends;
	}

	private long hash(TestUser user, String clientId) {
		return cache(new SimpleMeterRegistry()).hash(user.userId(), clientId);
	}

	private ClientKeyCache cache(SimpleMeterRegistry meters) {
		return new ClientKeyCache(this.store, Long.MAX_VALUE, ClientKeyCache.FINGERPRINTS_MAX, meters, Runnable::run);
	}

	/** A cache that gives every key the same hash. */
	private ClientKeyCache colliding(SimpleMeterRegistry meters) {
		return new ClientKeyCache(this.store, Long.MAX_VALUE, ClientKeyCache.FINGERPRINTS_MAX, meters, Runnable::run) {
			@Override
			long hash(long senderId, String clientId) {
				return 42;
			}
		};
	}

	private Group newGroup() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		long id = group(ann, bob);
		return new Group(ann, bob, id, this.store.lastSeq(id) + 1);
	}

	/** A group of two and the number its next event gets. */
	private record Group(TestUser ann, TestUser bob, long id, long first) {
	}

	private long group(TestUser owner, TestUser member) {
		return TestApi.as(this.port, owner.token())
			.post("/api/v1/groups", Map.of("title", "Cache", "memberIds", List.of(member.userId())))
			.body()
			.path("conversationId")
			.asLong();
	}

	private SequencerBatch batch(ClientKeyCache cache) {
		return new SequencerBatch(this.store, this.renderer, this.codec, this.conversations, this.transactions, cache,
				new ReceiptCoalescer(new SimpleMeterRegistry()));
	}

	private List<String> clientIds(long conversationId, long first) {
		return this.store.after(conversationId, first - 1, 100)
			.stream()
			.filter((row) -> row.kind() == EventKind.MESSAGE)
			.map(EventRow::clientId)
			.toList();
	}

	private List<SequencedEvent> apply(InboundCommand... commands) {
		return apply(this.batch, commands);
	}

	private List<SequencedEvent> apply(SequencerBatch batch, InboundCommand... commands) {
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		for (InboundCommand command : commands) {
			ProducerRecord<String, byte[]> produced = this.codec.command("inbound", command);
			records.add(new ConsumerRecord<>("inbound", PARTITION, this.offset++, System.currentTimeMillis(),
					TimestampType.CREATE_TIME, -1, produced.value().length, produced.key(), produced.value(),
					new RecordHeaders(produced.headers().toArray()), Optional.empty()));
		}
		return batch.apply(records);
	}

	private static Send send(long conversationId, TestUser user, String clientId, String body) {
		return new Send(conversationId, user.userId(), user.deviceId(), clientId, body);
	}

	private static Edit edit(long conversationId, TestUser user, String clientId, long targetSeq, String body) {
		return new Edit(conversationId, user.userId(), user.deviceId(), clientId, targetSeq, body);
	}

}
