package dev.parley.messaging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.parley.messaging.InboundCommand.Receipt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Drops the receipts of an inbound batch that a later receipt in it makes redundant:
 * receipts are cumulative, so of several receipts of the same member, conversation and
 * kind only the highest position counts. A receipt is dropped when a later one of the
 * same member, conversation and kind names a position at least as high; every other
 * command keeps its place.
 *
 * <p>
 * That leaves the batch's outcome as it was. The batch caps a receipt at the
 * conversation's last sequence number when it comes to it ({@link SequencerBatch}), so a
 * receipt may not name a message stored later in the same batch; the later receipt that
 * replaces a dropped one comes to it at the same point or later, where the last number is
 * the same or higher, so it moves the position at least as far. A lower receipt after a
 * higher one is kept: the higher one may have been capped below it. Only the events of
 * the intermediate positions go (a member's receipt event is always the position it moved
 * to).
 *
 * <p>
 * Counts the dropped receipts in {@code parley.sequencer.receipts.coalesced} once the
 * batch's transaction commits. Stateless; called by the sequencer threads.
 */
@Component
class ReceiptCoalescer {

	private final Counter coalesced;

	ReceiptCoalescer(MeterRegistry meters) {
		this.coalesced = Counter.builder("parley.sequencer.receipts.coalesced")
			.description("Receipts an inbound batch dropped because a later receipt of the same member, "
					+ "conversation and kind named a position at least as high")
			.register(meters);
	}

	/**
	 * The batch without its redundant receipts.
	 * @param <T> what the batch holds per command
	 * @param batch the batch, in order
	 * @param command the command of an item
	 * @return the batch, in order, without the receipts a later one replaces (the same
	 * list when there are none)
	 */
	<T> List<T> coalesce(List<T> batch, Function<T, InboundCommand> command) {
		Map<Key, Long> later = new HashMap<>();
		boolean[] dropped = new boolean[batch.size()];
		int count = 0;
		for (int i = batch.size() - 1; i >= 0; i--) {
			if (command.apply(batch.get(i)) instanceof Receipt receipt) {
				Key key = new Key(receipt.conversationId(), receipt.userId(), receipt.kind());
				Long highest = later.get(key);
				if (highest != null && highest >= receipt.seq()) {
					dropped[i] = true;
					count++;
				}
				else {
					later.put(key, receipt.seq());
				}
			}
		}
		if (count == 0) {
			return batch;
		}
		List<T> kept = new ArrayList<>(batch.size() - count);
		for (int i = 0; i < batch.size(); i++) {
			if (!dropped[i]) {
				kept.add(batch.get(i));
			}
		}
		count(count);
		return kept;
	}

	private void count(int count) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			this.coalesced.increment(count);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				ReceiptCoalescer.this.coalesced.increment(count);
			}
		});
	}

	/** Whose position, in which conversation, of which kind. */
	private record Key(long conversationId, long userId, String kind) {
	}

}
