package dev.parley.messaging;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.parley.common.ErrorCode;
import dev.parley.conversations.Conversations;
import dev.parley.messaging.InboundCommand.Delete;
import dev.parley.messaging.InboundCommand.Edit;
import dev.parley.messaging.InboundCommand.Receipt;
import dev.parley.messaging.InboundCommand.Send;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one poll's worth of inbound commands in one database transaction: assigns each
 * conversation's next sequence numbers, stores the events idempotently (a command whose
 * sender and client id are already stored yields the stored event again), moves receipts
 * forward (each capped at the conversation's last number at its place in the batch; of
 * several of one member, conversation and kind only those {@link ReceiptCoalescer}
 * keeps), and records the next inbound offset of every partition. Returns the events to
 * publish, in order. Called by the sequencer threads.
 *
 * <p>
 * Idempotency rests on the unique constraint of {@code events} on (conversation, sender,
 * client id). Under the conversations' sequence row locks, which every writer of events
 * holds, the batch reads the stored events under its commands' client ids in one query on
 * that constraint's index; a command whose id is stored (a resend, or a command of a
 * batch read again after a crash or a failed publish) gets the stored event back when it
 * is the same command, and a {@code conflict} rejection when it is not (another body,
 * kind or target). This holds for a command about to be refused too (sender no longer a
 * member, target gone), so a resend of what was stored before the refusal's cause gets
 * its stored event back. Should a writer that does not hold the lock store an id after
 * that read, the insert violates the constraint instead of storing a duplicate: the batch
 * is then run once more in a new transaction, whose read finds that writer's event
 * (counted in {@code parley.sequencer.batch.duplicates}); a second violation is left to
 * the caller ({@link BatchIsolation} sets the command that causes it aside).
 */
@Component
class SequencerBatch {

	/** The SQLState of a unique constraint's violation. */
	private static final String UNIQUE_VIOLATION = "23505";

	private final EventStore store;

	private final EventRenderer renderer;

	private final EventCodec codec;

	private final Conversations conversations;

	private final TransactionTemplate transactions;

	private final Counter duplicates;

	private final ReceiptCoalescer receipts;

	SequencerBatch(EventStore store, EventRenderer renderer, EventCodec codec, Conversations conversations,
			TransactionTemplate transactions, MeterRegistry meters, ReceiptCoalescer receipts) {
		this.store = store;
		this.renderer = renderer;
		this.codec = codec;
		this.conversations = conversations;
		this.transactions = transactions;
		this.duplicates = Counter.builder("parley.sequencer.batch.duplicates")
			.description("Batches run again because another writer stored one of their keys after the batch read them")
			.register(meters);
		this.receipts = receipts;
	}

	/**
	 * Stores a batch.
	 * @param records the inbound records, in order
	 * @return the events to publish, in order
	 */
	List<SequencedEvent> apply(List<ConsumerRecord<String, byte[]>> records) {
		return apply(records, new ArrayList<>());
	}

	/**
	 * Stores a batch.
	 * @param records the inbound records, in order
	 * @param unreadable receives the records that are not readable, complete commands
	 * (skipped, their offsets stored with the batch's); filled only as the batch is
	 * applied, so a batch that throws leaves it to be thrown away
	 * @return the events to publish, in order
	 */
	List<SequencedEvent> apply(List<ConsumerRecord<String, byte[]>> records,
			List<ConsumerRecord<String, byte[]>> unreadable) {
		try {
			return store(records, unreadable);
		}
		catch (RuntimeException ex) {
			if (!UNIQUE_VIOLATION.equals(StoreFailure.sqlState(ex))) {
				throw ex;
			}
			// another writer stored a key after this batch read them: read them again
			this.duplicates.increment();
			return store(records, unreadable);
		}
	}

	private List<SequencedEvent> store(List<ConsumerRecord<String, byte[]>> records,
			List<ConsumerRecord<String, byte[]>> unreadable) {
		unreadable.clear();
		Run run = new Run(records, unreadable);
		return this.transactions.execute((status) -> run.apply());
	}

	/**
	 * Moves the stored offset of the record's partition past it, for a record set aside
	 * instead of stored, so that it is not read again after a restart. Its own
	 * transaction, durable when it returns.
	 */
	void skip(ConsumerRecord<String, byte[]> record) {
		this.transactions
			.executeWithoutResult((status) -> this.store.saveOffset(record.partition(), record.offset() + 1));
	}

	/** The state of one batch. */
	private final class Run {

		private final List<ConsumerRecord<String, byte[]>> records;

		private final Map<Long, Conversation> states = new HashMap<>();

		private final List<EventRow> pending = new ArrayList<>();

		private final List<SequencedEvent> out = new ArrayList<>();

		/** The events stored under a client id, before the batch or by it. */
		private final Map<EventStore.ClientKey, EventRow> known = new HashMap<>();

		private final Map<Integer, Long> nextOffsets = new LinkedHashMap<>();

		private final List<ConsumerRecord<String, byte[]>> unreadable;

		Run(List<ConsumerRecord<String, byte[]>> records, List<ConsumerRecord<String, byte[]>> unreadable) {
			this.records = records;
			this.unreadable = unreadable;
		}

		List<SequencedEvent> apply() {
			List<Map.Entry<ConsumerRecord<String, byte[]>, InboundCommand>> commands = new ArrayList<>();
			Set<Long> conversationIds = new LinkedHashSet<>();
			Set<EventStore.ClientKey> keys = new LinkedHashSet<>();
			for (ConsumerRecord<String, byte[]> record : this.records) {
				this.nextOffsets.put(record.partition(), record.offset() + 1);
				InboundCommand command = SequencerBatch.this.codec.command(record);
				if (command == null) {
					this.unreadable.add(record);
					continue;
				}
				commands.add(Map.entry(record, command));
				conversationIds.add(command.conversationId());
				EventStore.ClientKey key = key(command);
				if (key != null) {
					keys.add(key);
				}
			}
			commands = SequencerBatch.this.receipts.coalesce(commands, Map.Entry::getValue);
			if (!commands.isEmpty()) {
				OffsetDateTime first = time(commands.get(0).getKey());
				Map<Long, Long> locked = SequencerBatch.this.store.lockSequences(conversationIds, first);
				for (long id : conversationIds) {
					this.states.put(id, new Conversation(id, locked.getOrDefault(id, 0L)));
				}
				// under the locks: every event stored under these ids is committed, so
				// read
				this.known.putAll(SequencerBatch.this.store.byClientIds(keys));
			}
			for (var entry : commands) {
				handle(this.states.get(entry.getValue().conversationId()), entry.getValue(), time(entry.getKey()));
			}
			flush();
			Map<Long, Long> lastSeqs = new HashMap<>();
			Map<Long, OffsetDateTime> lastAt = new HashMap<>();
			for (Conversation state : this.states.values()) {
				if (state.lastSeq != state.lockedSeq) {
					lastSeqs.put(state.id, state.lastSeq);
					lastAt.put(state.id, state.lastAt);
				}
			}
			if (!lastSeqs.isEmpty()) {
				SequencerBatch.this.store.updateSequences(lastSeqs, lastAt);
			}
			this.nextOffsets.forEach(SequencerBatch.this.store::saveOffset);
			return this.out;
		}

		private void handle(Conversation state, InboundCommand command, OffsetDateTime time) {
			if (command instanceof Send send) {
				send(state, send, time);
			}
			else if (command instanceof Edit edit) {
				change(state, edit.senderId(), edit.deviceId(), edit.clientId(), edit.targetSeq(), edit.body(), time,
						command);
			}
			else if (command instanceof Delete delete) {
				change(state, delete.senderId(), delete.deviceId(), delete.clientId(), delete.targetSeq(), null, time,
						command);
			}
			else if (command instanceof Receipt receipt) {
				receipt(state, receipt, time);
			}
		}

		private void send(Conversation state, Send send, OffsetDateTime time) {
			if (replayed(send, time)) {
				return;
			}
			if (!member(state.id, send.senderId())) {
				reject(send, send.senderId(), send.deviceId(), send.clientId(), ErrorCode.FORBIDDEN,
						"You are not a member of this conversation.", time);
				return;
			}
			EventRow row = new EventRow(state.id, state.next(time), EventKind.MESSAGE, send.senderId(), send.deviceId(),
					send.clientId(), send.body(), null, null, null, time, null, false);
			add(state, row);
		}

		private void change(Conversation state, long senderId, long deviceId, String clientId, long targetSeq,
				String body, OffsetDateTime time, InboundCommand command) {
			if (replayed(command, time)) {
				return;
			}
			flush();
			EventRow target = SequencerBatch.this.store.find(state.id, targetSeq).orElse(null);
			if (target == null || target.kind() != EventKind.MESSAGE) {
				reject(command, senderId, deviceId, clientId, ErrorCode.NOT_FOUND, "No message " + targetSeq + ".",
						time);
				return;
			}
			if (target.senderId() != senderId || !member(state.id, senderId)) {
				reject(command, senderId, deviceId, clientId, ErrorCode.FORBIDDEN,
						"Only the author can change a message.", time);
				return;
			}
			if (target.deleted()) {
				reject(command, senderId, deviceId, clientId, ErrorCode.CONFLICT, "The message was deleted.", time);
				return;
			}
			EventKind kind = (body != null) ? EventKind.EDITED : EventKind.DELETED;
			if (body != null) {
				SequencerBatch.this.store.edit(state.id, targetSeq, body, time);
			}
			else {
				SequencerBatch.this.store.delete(state.id, targetSeq);
			}
			add(state, new EventRow(state.id, state.next(time), kind, senderId, deviceId, clientId, body, targetSeq,
					null, null, time, null, false));
		}

		private void receipt(Conversation state, Receipt receipt, OffsetDateTime time) {
			long seq = Math.min(receipt.seq(), state.lastSeq);
			if (seq < 1 || !member(state.id, receipt.userId())) {
				return;
			}
			boolean read = "read".equals(receipt.kind());
			if (SequencerBatch.this.store.advanceReceipt(state.id, receipt.userId(), read, seq)) {
				this.out.add(SequencerBatch.this.renderer.receipt(state.id, receipt.userId(), receipt.deviceId(),
						receipt.kind(), seq, time.toInstant().toEpochMilli()));
			}
		}

		/**
		 * Answers a command whose client id is stored, by this batch or before: with the
		 * stored event when it is the same command, else with {@code conflict}; whether
		 * it was stored.
		 */
		private boolean replayed(InboundCommand command, OffsetDateTime time) {
			EventStore.ClientKey key = key(command);
			EventRow stored = this.known.get(key);
			if (stored == null) {
				return false;
			}
			if (StoredCommand.matches(stored, command)) {
				this.out.add(SequencerBatch.this.renderer.live(stored));
			}
			else {
				this.out.add(SequencerBatch.this.renderer.rejected(command, key.senderId(), deviceId(command),
						key.clientId(), ErrorCode.CONFLICT.code(), StoredCommand.CONFLICT,
						time.toInstant().toEpochMilli()));
			}
			return true;
		}

		private void add(Conversation state, EventRow row) {
			this.pending.add(row);
			this.known.put(new EventStore.ClientKey(state.id, row.senderId(), row.clientId()), row);
			this.out.add(SequencerBatch.this.renderer.live(row));
		}

		/**
		 * Refuses a command. Callers have asked {@link #replayed} first, so the resend of
		 * a command stored before it became refusable gets its stored event instead.
		 */
		private void reject(InboundCommand command, long senderId, long deviceId, String clientId, ErrorCode code,
				String message, OffsetDateTime time) {
			this.out.add(SequencerBatch.this.renderer.rejected(command, senderId, deviceId, clientId, code.code(),
					message, time.toInstant().toEpochMilli()));
		}

		private void flush() {
			SequencerBatch.this.store.insert(this.pending);
			this.pending.clear();
		}

		private boolean member(long conversationId, long userId) {
			Set<Long> members = SequencerBatch.this.conversations.memberIds(conversationId);
			return members.contains(userId);
		}

	}

	/** A conversation locked by the batch. */
	private static final class Conversation {

		final long id;

		final long lockedSeq;

		long lastSeq;

		OffsetDateTime lastAt;

		Conversation(long id, long lockedSeq) {
			this.id = id;
			this.lockedSeq = lockedSeq;
			this.lastSeq = lockedSeq;
		}

		long next(OffsetDateTime time) {
			this.lastAt = time;
			return ++this.lastSeq;
		}

	}

	private static long deviceId(InboundCommand command) {
		if (command instanceof Send send) {
			return send.deviceId();
		}
		if (command instanceof Edit edit) {
			return edit.deviceId();
		}
		return (command instanceof Delete delete) ? delete.deviceId() : 0;
	}

	private static EventStore.ClientKey key(InboundCommand command) {
		if (command instanceof Send send) {
			return new EventStore.ClientKey(send.conversationId(), send.senderId(), send.clientId());
		}
		if (command instanceof Edit edit) {
			return new EventStore.ClientKey(edit.conversationId(), edit.senderId(), edit.clientId());
		}
		if (command instanceof Delete delete) {
			return new EventStore.ClientKey(delete.conversationId(), delete.senderId(), delete.clientId());
		}
		return null;
	}

	private static OffsetDateTime time(ConsumerRecord<String, byte[]> record) {
		return Instant.ofEpochMilli(record.timestamp()).atOffset(ZoneOffset.UTC);
	}

}
