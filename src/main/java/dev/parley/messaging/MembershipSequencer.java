package dev.parley.messaging;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import dev.parley.conversations.MembershipChanged;
import dev.parley.infra.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Gives a membership change the conversation's next sequence number inside the
 * transaction that made it (under the same row lock the sequencer takes, so numbers stay
 * dense), stores it as a {@code member} event and publishes it once the transaction has
 * committed. A publish that fails after the commit is not lost for clients: sessions fill
 * gaps from the database when the next event arrives, and resume reads the database.
 */
@Component
class MembershipSequencer {

	private static final Logger log = LoggerFactory.getLogger(MembershipSequencer.class);

	private final EventStore store;

	private final EventRenderer renderer;

	private final EventCodec codec;

	private final KafkaTemplate<String, byte[]> kafka;

	private final Topics topics;

	private final Clock clock;

	private final MessagingProperties properties;

	MembershipSequencer(EventStore store, EventRenderer renderer, EventCodec codec, KafkaTemplate<String, byte[]> kafka,
			Topics topics, Clock clock, MessagingProperties properties) {
		this.store = store;
		this.renderer = renderer;
		this.codec = codec;
		this.kafka = kafka;
		this.topics = topics;
		this.clock = clock;
		this.properties = properties;
	}

	@EventListener
	void on(MembershipChanged change) {
		OffsetDateTime now = OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
		long seq = this.store.lockSequence(change.conversationId(), now) + 1;
		EventRow row = new EventRow(change.conversationId(), seq, EventKind.MEMBER, change.by(), 0, null, null, null,
				change.userId(), change.change(), now, null, false);
		this.store.insert(List.of(row));
		this.store.updateSequence(change.conversationId(), seq, now);
		if ("joined".equals(change.change())) {
			// a new room member starts near the end: resume brings only recent history
			long start = Math.max(0, seq - this.properties.roomHistory());
			if (start > 0) {
				this.store.advanceReceipt(change.conversationId(), change.userId(), true, start);
			}
		}
		SequencedEvent event = this.renderer.live(row);
		Runnable publish = () -> this.kafka.send(this.codec.event(this.topics.events(), event))
			.whenComplete((result, ex) -> {
				if (ex != null) {
					log.warn("Publishing member event {} of conversation {} failed: {}", seq, change.conversationId(),
							ex.toString());
				}
			});
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					publish.run();
				}
			});
		}
		else {
			publish.run();
		}
	}

}
