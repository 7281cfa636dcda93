package dev.parley.messaging;

import java.util.ArrayList;
import java.util.List;

import dev.parley.common.ErrorCode;
import dev.parley.messaging.InboundCommand.Delete;
import dev.parley.messaging.InboundCommand.Edit;
import dev.parley.messaging.InboundCommand.Send;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Stores an inbound batch so that no single command can stop it: a batch whose
 * transaction fails for a reason that will not go away ({@link StoreFailure#REFUSED},
 * {@link StoreFailure#ERROR}) is stored again in halves, and halves of those, in order,
 * down to the commands that fail alone. Those are set aside on the dead-letter topic
 * ({@link DeadLetters}), their offsets stored, and their waiting senders answered with an
 * {@code error} ({@code validation_failed} for data the store refuses,
 * {@code internal_error} otherwise) that travels like any rejection (to this node's
 * waiting senders at once, to other nodes' through the events topic). Every other command
 * is stored as usual, in its order. Records that are no readable command are set aside
 * too, once the batch that skipped them is stored.
 *
 * <p>
 * A transient failure ({@link StoreFailure#TRANSIENT}) stops it where it happened: what
 * is stored so far is reported, and the sequencer reads the rest again later. Called by
 * the sequencer threads; stateless.
 */
@Component
class BatchIsolation {

	private static final Logger log = LoggerFactory.getLogger(BatchIsolation.class);

	private final SequencerBatch batch;

	private final DeadLetters deadLetters;

	private final EventCodec codec;

	private final EventRenderer renderer;

	BatchIsolation(SequencerBatch batch, DeadLetters deadLetters, EventCodec codec, EventRenderer renderer) {
		this.batch = batch;
		this.deadLetters = deadLetters;
		this.codec = codec;
		this.renderer = renderer;
	}

	/**
	 * What storing a batch did.
	 *
	 * @param events the events to publish, in order (rejections of set-aside commands
	 * among them)
	 * @param handled how many records, from the batch's start, are stored or set aside
	 * @param failure the transient failure that stopped it at record {@code handled}, or
	 * {@code null} when the whole batch is handled
	 * @param isolated whether the batch had to be stored in parts
	 */
	record Outcome(List<SequencedEvent> events, int handled, RuntimeException failure, boolean isolated) {
	}

	/** Stores the batch as one transaction, or in parts when that fails for good. */
	Outcome store(List<ConsumerRecord<String, byte[]>> records) {
		Run run = new Run();
		try {
			run.whole(records);
		}
		catch (RuntimeException ex) {
			if (StoreFailure.of(ex) == StoreFailure.TRANSIENT) {
				return new Outcome(List.of(), 0, ex, false);
			}
			log.warn("Storing an inbound batch of {} records failed ({}); storing it in parts to set aside the "
					+ "commands that fail alone", records.size(), describe(ex));
			run.split(records);
			return new Outcome(run.events, run.handled, run.failure, true);
		}
		return new Outcome(run.events, run.handled, run.failure, false);
	}

	/**
	 * The failure's class and SQLState, never its message (a driver's may quote data).
	 */
	static String describe(Throwable failure) {
		String state = StoreFailure.sqlState(failure);
		return StoreFailure.of(failure).reason() + ", " + failure.getClass().getSimpleName()
				+ ((state != null) ? ", SQLState " + state : "");
	}

	/** The state of storing one batch. */
	private final class Run {

		private final List<SequencedEvent> events = new ArrayList<>();

		private int handled;

		private RuntimeException failure;

		/** Stores the records in one transaction; throws what the store threw. */
		void whole(List<ConsumerRecord<String, byte[]>> records) {
			List<ConsumerRecord<String, byte[]>> unreadable = new ArrayList<>();
			List<SequencedEvent> stored = BatchIsolation.this.batch.apply(records, unreadable);
			for (ConsumerRecord<String, byte[]> record : unreadable) {
				// the batch stored the offsets past them already
				if (!setAside(record, DeadLetters.UNREADABLE, null, false)) {
					// stored, but not published: read again, stored commands give their
					// events
					return;
				}
			}
			this.events.addAll(stored);
			this.handled += records.size();
		}

		/** Stores both halves in order, each whole if it can; false once stopped. */
		boolean split(List<ConsumerRecord<String, byte[]>> records) {
			int middle = records.size() / 2;
			return part(records.subList(0, middle)) && part(records.subList(middle, records.size()));
		}

		private boolean part(List<ConsumerRecord<String, byte[]>> records) {
			if (records.isEmpty()) {
				return true;
			}
			int before = this.handled;
			try {
				whole(records);
				return this.handled == before + records.size();
			}
			catch (RuntimeException ex) {
				StoreFailure kind = StoreFailure.of(ex);
				if (kind == StoreFailure.TRANSIENT) {
					this.failure = ex;
					return false;
				}
				if (records.size() > 1) {
					return split(records);
				}
				return refuse(records.get(0), kind, ex);
			}
		}

		/** Sets aside a command that fails alone and answers its sender. */
		private boolean refuse(ConsumerRecord<String, byte[]> record, StoreFailure kind, RuntimeException ex) {
			if (kind == StoreFailure.ERROR) {
				log.error("Inbound record {}-{}@{} failed alone; setting it aside", record.topic(), record.partition(),
						record.offset(), ex);
			}
			if (!setAside(record, kind.reason(), ex, true)) {
				return false;
			}
			InboundCommand command = BatchIsolation.this.codec.command(record);
			SequencedEvent rejection = (command != null) ? rejection(command, kind, record.timestamp()) : null;
			if (rejection != null) {
				this.events.add(rejection);
			}
			this.handled++;
			return true;
		}

		/**
		 * Writes the record to the dead-letter topic and, with {@code skip}, moves the
		 * stored offset past it; false (and the failure kept) when either fails.
		 */
		private boolean setAside(ConsumerRecord<String, byte[]> record, String reason, Throwable cause, boolean skip) {
			try {
				BatchIsolation.this.deadLetters.send(record, reason, cause);
				if (skip) {
					BatchIsolation.this.batch.skip(record);
				}
				return true;
			}
			catch (RuntimeException ex) {
				this.failure = ex;
				return false;
			}
		}

	}

	private SequencedEvent rejection(InboundCommand command, StoreFailure kind, long timeMillis) {
		ErrorCode code = (kind == StoreFailure.REFUSED) ? ErrorCode.VALIDATION_FAILED : ErrorCode.INTERNAL_ERROR;
		String message = (kind == StoreFailure.REFUSED) ? "The message contains data that cannot be stored."
				: "The command could not be processed.";
		if (command instanceof Send send) {
			return this.renderer.rejected(command, send.senderId(), send.deviceId(), send.clientId(), code.code(),
					message, timeMillis);
		}
		if (command instanceof Edit edit) {
			return this.renderer.rejected(command, edit.senderId(), edit.deviceId(), edit.clientId(), code.code(),
					message, timeMillis);
		}
		if (command instanceof Delete delete) {
			return this.renderer.rejected(command, delete.senderId(), delete.deviceId(), delete.clientId(), code.code(),
					message, timeMillis);
		}
		// nobody waits for a receipt
		return null;
	}

}
