package dev.parley.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.parley.infra.NodeIdentity;
import dev.parley.infra.Peers;
import dev.parley.infra.Topics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The sequencer/store stage: starts {@code parley.messaging.sequencer-threads} workers
 * ({@link SequencerWorker}), members of the {@value #GROUP} consumer group on the inbound
 * topic (each partition has one owner across all nodes), and stops them. A worker stores
 * each poll ({@link SequencerBatch}, through {@link BatchIsolation}), hands the events to
 * this node's sessions at once and publishes them; a batch's inbound offsets are
 * committed once Kafka has acknowledged its events and those of every earlier batch
 * ({@link PublishWindow}); a new owner of a partition starts at the smaller of the
 * committed offset and the offset stored with the data ({@link SequencerRebalance}).
 *
 * <p>
 * After a crash anywhere in that cycle the partition is re-read from that smaller offset:
 * stored commands come back as their stored events (idempotent), so nothing acknowledged
 * is lost and nothing is stored twice (G1, G2); events may be published twice, which
 * sessions drop by sequence number.
 *
 * <p>
 * Threads: each worker, {@code parley-sequencer-N}, owns its consumer; {@link #stop()}
 * wakes them and waits up to 30 s each for the batches in hand to finish.
 */
@Component
class Sequencer implements SmartLifecycle {

	static final String GROUP = "parley-sequencer";

	private static final Duration STOP_WAIT = Duration.ofSeconds(30);

	private final Parts parts;

	private final List<SequencerWorker> workers = new ArrayList<>();

	private volatile boolean running;

	Sequencer(ConsumerFactory<?, ?> consumers, KafkaTemplate<String, byte[]> kafka, Topics topics,
			BatchIsolation isolation, EventStore store, EventCodec codec, EventTail tail,
			MessagingProperties properties, NodeIdentity node, Peers peers, Admission admission, MeterRegistry meters) {
		this.parts = new Parts(consumers, kafka, topics, isolation, store, codec, tail, properties, node, peers,
				admission, SequencerMeters.register(meters));
	}

	/** What the workers work with. */
	record Parts(ConsumerFactory<?, ?> consumers, KafkaTemplate<String, byte[]> kafka, Topics topics,
			BatchIsolation isolation, EventStore store, EventCodec codec, EventTail tail,
			MessagingProperties properties, NodeIdentity node, Peers peers, Admission admission,
			SequencerMeters meters) {
	}

	@Override
	public void start() {
		this.running = true;
		for (int i = 0; i < this.parts.properties().sequencerThreads(); i++) {
			SequencerWorker worker = new SequencerWorker(i, this.parts);
			this.workers.add(worker);
			worker.start();
		}
	}

	@Override
	public void stop() {
		this.running = false;
		this.workers.forEach(SequencerWorker::stop);
		for (SequencerWorker worker : this.workers) {
			try {
				worker.join(STOP_WAIT);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.workers.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return 0;
	}

}
