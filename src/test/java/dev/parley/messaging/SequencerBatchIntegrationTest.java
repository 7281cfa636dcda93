package dev.parley.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestUsers.TestUser;
import dev.parley.messaging.InboundCommand.Delete;
import dev.parley.messaging.InboundCommand.Edit;
import dev.parley.messaging.InboundCommand.Send;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The sequencer's store step against the real database (H2 here, PostgreSQL in the
 * subclass), fed inbound records directly: a resend of a stored command, in any position
 * of a batch, gets the stored event back and is stored once, also when another writer
 * stored it, before the batch or while the batch ran; another command under a stored id
 * gets {@code conflict}; the database itself refuses a second event under a sender's
 * client id; and a member's receipt position only moves forward.
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
	BatchIsolation isolation;

	@Autowired
	EventCodec codec;

	@Autowired
	EventStore store;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DataSource dataSource;

	@Autowired
	MeterRegistry meters;

	@Autowired
	InboxQueries queries;

	private InboundRecords inbound;

	@BeforeEach
	void inbound() {
		this.inbound = new InboundRecords(this.codec, PARTITION);
	}

	@Test
	void answersResendsWithTheStoredEventsAndStoresEveryCommandOnce() {
		GroupOfTwo g = newGroup();
		long first = g.first();

		List<SequencedEvent> sent = apply(send(g.id(), g.ann(), "a1", "one"), send(g.id(), g.bob(), "b1", "two"));
		assertThat(sent).extracting(SequencedEvent::seq).containsExactly(first, first + 1);

		List<SequencedEvent> mixed = apply(send(g.id(), g.ann(), "a2", "three"), send(g.id(), g.bob(), "b1", "two"),
				send(g.id(), g.ann(), "a2", "three"));
		assertThat(mixed).extracting(SequencedEvent::seq).containsExactly(first + 2, first + 1, first + 2);
		assertThat(mixed).extracting(SequencedEvent::body).containsExactly("three", "two", "three");

		List<SequencedEvent> edited = apply(edit(g.id(), g.bob(), "e1", first + 1, "two, edited"));
		assertThat(edited).extracting(SequencedEvent::kind).containsExactly(EventKind.EDITED);
		List<SequencedEvent> editedAgain = apply(edit(g.id(), g.bob(), "e1", first + 1, "two, edited"),
				send(g.id(), g.ann(), "a3", "four"));
		assertThat(editedAgain).extracting(SequencedEvent::seq).containsExactly(first + 3, first + 4);
		// the message was edited since: its text as sent is gone, so its resend is taken
		// for one
		assertThat(apply(send(g.id(), g.bob(), "b1", "two"))).extracting(SequencedEvent::seq)
			.containsExactly(first + 1);

		assertThat(TestApi.as(this.port, g.ann().token())
			.delete("/api/v1/conversations/" + g.id() + "/members/" + g.bob().userId())
			.status()).isEqualTo(204);
		long left = this.store.lastSeq(g.id());
		List<SequencedEvent> afterLeaving = apply(send(g.id(), g.bob(), "b1", "two"),
				send(g.id(), g.bob(), "b2", "not a member"));
		assertThat(afterLeaving).extracting(SequencedEvent::kind)
			.containsExactly(EventKind.MESSAGE, EventKind.REJECTED);
		assertThat(afterLeaving.get(0).seq()).as("the stored message, though its sender left").isEqualTo(first + 1);
		assertThat(this.store.lastSeq(g.id())).isEqualTo(left);

		List<EventRow> rows = this.store.after(g.id(), first - 1, 100);
		assertThat(rows).filteredOn((row) -> row.kind() == EventKind.MESSAGE)
			.extracting(EventRow::clientId)
			.containsExactly("a1", "b1", "a2", "a3");
		assertThat(rows).filteredOn((row) -> row.kind() == EventKind.EDITED).hasSize(1);
		assertThat(this.store.find(g.id(), first + 1)).map(EventRow::body).contains("two, edited");
	}

	@Test
	void refusesAnotherCommandUnderAStoredIdWithConflictAndStoresNothing() {
		GroupOfTwo g = newGroup();
		long first = g.first();
		apply(send(g.id(), g.ann(), "a1", "one"), edit(g.id(), g.ann(), "e1", first, "one, edited"),
				send(g.id(), g.ann(), "a2", "two"));

		List<SequencedEvent> answers = apply(send(g.id(), g.ann(), "a2", "another two"),
				send(g.id(), g.ann(), "e1", "a message under an edit's id"),
				edit(g.id(), g.ann(), "e1", first + 2, "one, edited"), edit(g.id(), g.ann(), "e1", first, "other text"),
				delete(g.id(), g.ann(), "e1", first), send(g.id(), g.ann(), "a3", "three"),
				send(g.id(), g.ann(), "a3", "three, changed in the same batch"),
				send(g.id(), g.bob(), "a2", "another sender's id is another id"));
		assertThat(answers).extracting((event) -> event.clientId() + ":" + event.kind() + ":" + event.body())
			.containsExactly("a2:REJECTED:conflict", "e1:REJECTED:conflict", "e1:REJECTED:conflict",
					"e1:REJECTED:conflict", "e1:REJECTED:conflict", "a3:MESSAGE:three", "a3:REJECTED:conflict",
					"a2:MESSAGE:another sender's id is another id");
		assertThat(answers).filteredOn((event) -> event.kind() == EventKind.REJECTED)
			.extracting(SequencedEvent::senderId)
			.containsOnly(g.ann().userId());
		assertThat(this.store.lastSeq(g.id())).isEqualTo(first + 4);
		assertThat(this.store.find(g.id(), first)).map(EventRow::body).contains("one, edited");
		assertThat(this.store.find(g.id(), first + 2)).map(EventRow::body).contains("two");
	}

	@Test
	void answersResendsOfEventsAnotherWriterStored() {
		GroupOfTwo g = newGroup();
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

		List<SequencedEvent> again = apply(send(g.id(), g.bob(), "b1", "stored elsewhere"),
				send(g.id(), g.ann(), "a1", "one"), send(g.id(), g.ann(), "a2", "two"));
		assertThat(again).extracting(SequencedEvent::seq).containsExactly(g.first() + 1, g.first(), g.first() + 2);
		assertThat(again).extracting(SequencedEvent::body).containsExactly("stored elsewhere", "one", "two");
		assertThat(clientIds(g.id(), g.first())).containsExactly("a1", "b1", "a2");
	}

	/**
	 * A writer that does not take the conversation's sequence row lock commits an event
	 * under a client id after the batch looked its ids up: the constraint makes the
	 * batch's insert fail instead of storing a duplicate, and the batch, run again,
	 * answers the resend with that writer's event; nothing is set aside.
	 */
	@Test
	void answersAResendWhoseEventAnotherWriterCommitsWhileTheBatchRuns() throws Exception {
		GroupOfTwo g = newGroup();
		double duplicates = this.meters.counter("parley.sequencer.batch.duplicates").count();
		long elsewhere = g.first() + 1_000;
		try (Connection other = this.dataSource.getConnection()) {
			other.setAutoCommit(false);
			try (PreparedStatement insert = other.prepareStatement("INSERT INTO events (conversation_id, seq, kind, "
					+ "sender_id, device_id, client_id, body, created_at) VALUES (?, ?, 'message', ?, ?, 'b1', ?, ?)")) {
				insert.setLong(1, g.id());
				insert.setLong(2, elsewhere);
				insert.setLong(3, g.bob().userId());
				insert.setLong(4, g.bob().deviceId());
				insert.setString(5, "stored elsewhere");
				insert.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
				insert.executeUpdate();
			}
			List<ConsumerRecord<String, byte[]>> records = this.inbound.of(send(g.id(), g.ann(), "a1", "one"),
					send(g.id(), g.bob(), "b1", "stored elsewhere"));
			CompletableFuture<BatchIsolation.Outcome> stored = CompletableFuture
				.supplyAsync(() -> this.isolation.store(records));
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> waitingInInsert(other) > 0);
			other.commit();

			BatchIsolation.Outcome outcome = stored.get();
			assertThat(outcome.isolated()).as("nothing set aside").isFalse();
			assertThat(outcome.failure()).isNull();
			assertThat(outcome.handled()).isEqualTo(2);
			assertThat(outcome.events()).extracting(SequencedEvent::seq).containsExactly(g.first(), elsewhere);
			assertThat(outcome.events()).extracting(SequencedEvent::body).containsExactly("one", "stored elsewhere");
		}
		assertThat(this.meters.counter("parley.sequencer.batch.duplicates").count()).isEqualTo(duplicates + 1);
		assertThat(clientIds(g.id(), g.first())).containsExactly("a1", "b1");
	}

	@Test
	void theDatabaseRefusesASecondEventUnderASendersClientIdButNotEventsWithoutOne() {
		GroupOfTwo g = newGroup();
		this.store.insert(List.of(row(g, g.first(), g.ann(), "x"), row(g, g.first() + 1, g.bob(), "x"),
				row(g, g.first() + 2, g.ann(), null), row(g, g.first() + 3, g.ann(), null)));
		assertThatThrownBy(() -> this.store.insert(List.of(row(g, g.first() + 4, g.ann(), "x"))))
			.isInstanceOf(DuplicateKeyException.class);
		assertThat(this.store.after(g.id(), g.first() - 1, 10)).hasSize(4);
	}

	@Test
	void movesAReceiptPositionOnlyForwardForMembersWithAndWithoutARow() {
		GroupOfTwo g = newGroup();
		long c = g.id();
		long ann = g.ann().userId();
		long bob = g.bob().userId();
		assertThat(this.queries.receipts(c)).as("no member has a row yet").isEmpty();

		this.transactions.executeWithoutResult((status) -> {
			this.store.lockSequence(c, OffsetDateTime.now(ZoneOffset.UTC));
			assertThat(this.store.advanceReceipt(c, bob, false, 3)).as("bob's first").isTrue();
			assertThat(this.store.advanceReceipt(c, bob, false, 3)).isFalse();
			assertThat(this.store.advanceReceipt(c, bob, false, 2)).isFalse();
			assertThat(this.store.advanceReceipt(c, bob, true, 2)).isTrue();
			assertThat(this.store.advanceReceipt(c, bob, true, 1)).isFalse();
			assertThat(this.store.advanceReceipt(c, ann, true, 4)).as("ann's first, a read").isTrue();
			assertThat(this.store.advanceReceipt(c, ann, false, 4)).isFalse();
			assertThat(this.store.advanceReceipt(c, ann, true, 4)).isFalse();
		});
		assertThat(this.queries.receipts(c)).containsExactlyInAnyOrder(new ReceiptPosition(bob, 3, 2),
				new ReceiptPosition(ann, 4, 4));
	}

	private static EventRow row(GroupOfTwo g, long seq, TestUser sender, String clientId) {
		return new EventRow(g.id(), seq, (clientId != null) ? EventKind.MESSAGE : EventKind.MEMBER, sender.userId(),
				sender.deviceId(), clientId, (clientId != null) ? "body" : null, null, null, null,
				OffsetDateTime.now(ZoneOffset.UTC), null, false);
	}

	/**
	 * Sessions of this database waiting in an insert of events for another transaction
	 * (H2 shows such a wait only as the statement running).
	 */
	private int waitingInInsert(Connection connection) throws SQLException {
		String sql = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")
				? "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
						+ "AND datname = current_database() AND query LIKE 'INSERT INTO events%'"
				: "SELECT COUNT(*) FROM information_schema.sessions WHERE executing_statement "
						+ "LIKE 'INSERT INTO events%'";
		try (Connection probe = this.dataSource.getConnection();
				PreparedStatement query = probe.prepareStatement(sql);
				ResultSet result = query.executeQuery()) {
			result.next();
			return result.getInt(1);
		}
	}

	private GroupOfTwo newGroup() {
		return GroupOfTwo.create(this.port, this.store, "Resends");
	}

	private List<String> clientIds(long conversationId, long first) {
		return this.store.after(conversationId, first - 1, 2_000)
			.stream()
			.filter((row) -> row.kind() == EventKind.MESSAGE)
			.map(EventRow::clientId)
			.toList();
	}

	private List<SequencedEvent> apply(InboundCommand... commands) {
		return this.batch.apply(this.inbound.of(commands));
	}

	private static Send send(long conversationId, TestUser user, String clientId, String body) {
		return new Send(conversationId, user.userId(), user.deviceId(), clientId, body);
	}

	private static Edit edit(long conversationId, TestUser user, String clientId, long targetSeq, String body) {
		return new Edit(conversationId, user.userId(), user.deviceId(), clientId, targetSeq, body);
	}

	private static Delete delete(long conversationId, TestUser user, String clientId, long targetSeq) {
		return new Delete(conversationId, user.userId(), user.deviceId(), clientId, targetSeq);
	}

}
