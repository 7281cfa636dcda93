package dev.parley.messaging;

import java.util.List;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestUsers.TestUser;
import dev.parley.messaging.InboundCommand.Receipt;
import dev.parley.messaging.InboundCommand.Send;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Receipts in one inbound batch, stored by the sequencer's batch against the real
 * database and fed inbound records directly: of several receipts of one member,
 * conversation and kind only the highest is written and announced, and no receipt comes
 * to name a message that the batch stores after it.
 */
@ParleyIntegrationTest
class ReceiptCoalescingIntegrationTest {

	/** A partition no topic of the test has, so the stored offsets touch nothing else. */
	private static final int PARTITION = 9_998;

	private static final String COALESCED = "parley.sequencer.receipts.coalesced";

	@LocalServerPort
	int port;

	@Autowired
	SequencerBatch batch;

	@Autowired
	EventCodec codec;

	@Autowired
	EventStore store;

	@Autowired
	InboxQueries queries;

	@Autowired
	MeterRegistry meters;

	private InboundRecords inbound;

	@BeforeEach
	void inbound() {
		this.inbound = new InboundRecords(this.codec, PARTITION);
	}

	@Test
	void writesOnlyTheHighestReceiptOfEachMemberConversationAndKind() {
		GroupOfTwo g = newGroup();
		long f = g.first();
		apply(send(g, g.ann(), "a1"), send(g, g.ann(), "a2"), send(g, g.ann(), "a3"));
		double before = coalesced();

		List<SequencedEvent> receipts = apply(receipt(g, g.bob(), "delivered", f), receipt(g, g.bob(), "read", f),
				receipt(g, g.bob(), "delivered", f + 1), receipt(g, g.bob(), "read", f + 1),
				receipt(g, g.bob(), "delivered", f + 2), receipt(g, g.ann(), "read", f + 1));

		assertThat(receipts).extracting(SequencedEvent::kind).containsOnly(EventKind.RECEIPT);
		assertThat(receipts).extracting(SequencedEvent::senderId, SequencedEvent::seq)
			.containsExactly(tuple(g.bob().userId(), f + 1), tuple(g.bob().userId(), f + 2),
					tuple(g.ann().userId(), f + 1));
		assertThat(coalesced() - before).isEqualTo(3);
		assertThat(position(g, g.bob())).isEqualTo(new ReceiptPosition(g.bob().userId(), f + 2, f + 1));
		assertThat(position(g, g.ann())).isEqualTo(new ReceiptPosition(g.ann().userId(), f + 1, f + 1));
	}

	@Test
	void aReceiptNeverNamesAMessageTheBatchStoresAfterIt() {
		GroupOfTwo g = newGroup();
		long f = g.first();
		double before = coalesced();

		// bob's client runs ahead of what is stored when his receipts come: each moves
		// him only as far as the conversation then goes
		List<SequencedEvent> events = apply(send(g, g.ann(), "a1"), receipt(g, g.bob(), "read", f + 5),
				send(g, g.ann(), "a2"), receipt(g, g.bob(), "read", f + 5), send(g, g.ann(), "a3"));

		assertThat(events).filteredOn((event) -> event.kind() == EventKind.RECEIPT)
			.extracting(SequencedEvent::seq)
			.containsExactly(f + 1);
		assertThat(position(g, g.bob())).isEqualTo(new ReceiptPosition(g.bob().userId(), f + 1, f + 1));
		assertThat(coalesced() - before).isEqualTo(1);

		// a lower receipt after a higher one that was capped still counts
		List<SequencedEvent> later = apply(receipt(g, g.bob(), "delivered", f + 9), send(g, g.ann(), "a4"),
				send(g, g.ann(), "a5"), receipt(g, g.bob(), "delivered", f + 4));
		assertThat(later).filteredOn((event) -> event.kind() == EventKind.RECEIPT)
			.extracting(SequencedEvent::seq)
			.containsExactly(f + 2, f + 4);
		assertThat(position(g, g.bob())).isEqualTo(new ReceiptPosition(g.bob().userId(), f + 4, f + 1));
	}

	private double coalesced() {
		return this.meters.counter(COALESCED).count();
	}

	private ReceiptPosition position(GroupOfTwo g, TestUser user) {
		return this.queries.receipts(g.id())
			.stream()
			.filter((position) -> position.userId() == user.userId())
			.findFirst()
			.orElseThrow();
	}

	private GroupOfTwo newGroup() {
		return GroupOfTwo.create(this.port, this.store, "Receipts");
	}

	private List<SequencedEvent> apply(InboundCommand... commands) {
		return this.batch.apply(this.inbound.of(commands));
	}

	private static Send send(GroupOfTwo g, TestUser user, String clientId) {
		return new Send(g.id(), user.userId(), user.deviceId(), clientId, "body of " + clientId);
	}

	private static Receipt receipt(GroupOfTwo g, TestUser user, String kind, long seq) {
		return new Receipt(g.id(), user.userId(), user.deviceId(), kind, seq);
	}

}
