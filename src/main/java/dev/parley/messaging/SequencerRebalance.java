package dev.parley.messaging;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.backoff.BackOffExecution;

/**
 * Where a sequencer worker starts on the partitions it is given, and what it hands over
 * with those taken away.
 * <ul>
 * <li>Assigned: the callback only pauses the partitions. The worker then places them
 * ({@link #placeWhenDue()}, after the poll that assigned them): each starts at the
 * smaller of the offset committed to Kafka and the offset stored with the data
 * ({@link EventStore#offsets()}), so that whatever one of them lost is read again; stored
 * commands come back as their stored events. When the database or Kafka cannot say, the
 * partitions stay paused and the worker tries again after 0.5 s, doubling up to 10
 * s.</li>
 * <li>Revoked: the offsets of the batches whose events are acknowledged are committed,
 * synchronously. Batches still publishing are not waited for: their offsets stay
 * uncommitted and the next owner reads them again, idempotently.</li>
 * <li>Lost: another member owns them already, so nothing is committed; the next owner
 * reads again from the smaller offset.</li>
 * </ul>
 * So no callback sleeps, waits for a publish or asks the database; the one call that may
 * wait, the commit on revocation, is bounded by the consumer's
 * {@code default.api.timeout.ms}.
 *
 * <p>
 * Threads: the worker's thread; the callbacks run on it too, inside {@code poll} (or
 * {@code close}).
 */
final class SequencerRebalance implements ConsumerRebalanceListener {

	private static final Logger log = LoggerFactory.getLogger(SequencerRebalance.class);

	private final String clientId;

	private final Consumer<String, byte[]> consumer;

	private final PublishWindow window;

	private final EventStore store;

	/** Assigned partitions not placed yet, paused meanwhile. */
	private final Set<TopicPartition> unplaced = new HashSet<>();

	/** The waits between failed placements, or {@code null} after a success. */
	private BackOffExecution retry;

	private long retryAt;

	SequencerRebalance(String clientId, Consumer<String, byte[]> consumer, PublishWindow window, EventStore store) {
		this.clientId = clientId;
		this.consumer = consumer;
		this.window = window;
		this.store = store;
	}

	@Override
	public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
		if (partitions.isEmpty()) {
			return;
		}
		this.consumer.pause(partitions);
		this.unplaced.addAll(partitions);
		this.retry = null;
		this.retryAt = System.nanoTime();
		log.info("Sequencer {} owns inbound partitions {}", this.clientId,
				partitions.stream().map(TopicPartition::partition).sorted().toList());
	}

	@Override
	public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
		this.unplaced.removeAll(partitions);
		// a publish that failed meanwhile sends the partitions kept back to read again
		SequencerWorker.rewind(this.consumer, this.window.settleWithoutWaiting(this.consumer).again());
		this.window.commitNow(this.consumer);
		this.window.release(partitions);
	}

	@Override
	public void onPartitionsLost(Collection<TopicPartition> partitions) {
		this.unplaced.removeAll(partitions);
		// committing would fail; batches still publishing are dropped: what they
		// stored is read again too
		this.window.release(partitions);
	}

	/** The assigned partitions not placed yet: they stay paused. */
	Set<TopicPartition> unplaced() {
		return this.unplaced;
	}

	/**
	 * Places the partitions assigned and not placed yet, unless the last attempt failed
	 * too recently. Where the store is ahead of Kafka, the first batches are stored
	 * already: the batch answers them with the stored events.
	 * @return the partitions placed now, still paused, for the worker to resume
	 */
	Set<TopicPartition> placeWhenDue() {
		if (this.unplaced.isEmpty() || System.nanoTime() - this.retryAt < 0) {
			return Set.of();
		}
		Set<TopicPartition> partitions = Set.copyOf(this.unplaced);
		Map<Integer, Long> stored;
		Map<TopicPartition, OffsetAndMetadata> committed;
		try {
			stored = this.store.offsets();
			committed = this.consumer.committed(partitions);
		}
		catch (WakeupException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			if (this.retry == null) {
				this.retry = SequencerWorker.BACK_OFF.start();
			}
			long delay = this.retry.nextBackOff();
			this.retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
			log.warn("Sequencer {} cannot read where to start on inbound partitions {} ({}); trying again in {} ms",
					this.clientId, partitions.stream().map(TopicPartition::partition).sorted().toList(),
					BatchIsolation.describe(ex), delay);
			return Set.of();
		}
		for (TopicPartition partition : partitions) {
			Long fromStore = stored.get(partition.partition());
			OffsetAndMetadata fromKafka = committed.get(partition);
			if (fromStore == null && fromKafka == null) {
				this.consumer.seekToBeginning(List.of(partition));
			}
			else if (fromStore == null) {
				this.consumer.seek(partition, fromKafka.offset());
			}
			else if (fromKafka == null) {
				this.consumer.seek(partition, fromStore);
			}
			else {
				this.consumer.seek(partition, Math.min(fromStore, fromKafka.offset()));
			}
		}
		this.unplaced.clear();
		this.retry = null;
		return partitions;
	}

}
