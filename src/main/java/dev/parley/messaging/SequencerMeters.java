package dev.parley.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The sequencer's meters, shared by its workers.
 *
 * @param batch time to store and publish one inbound batch
 * @param store time to store one inbound batch (one transaction)
 * @param lag age of a batch's oldest command when it was polled
 * @param events events stored and published (or, with no other node, delivered here)
 * @param failures batches that failed to store or publish for now and are read again
 */
record SequencerMeters(Timer batch, Timer store, Timer lag, Counter events, Counter failures) {

	static SequencerMeters register(MeterRegistry meters) {
		return new SequencerMeters(
				Timer.builder("parley.sequencer.batch")
					.description("Time to store and publish one inbound batch")
					.publishPercentileHistogram()
					.register(meters),
				Timer.builder("parley.sequencer.store")
					.description("Time to store one inbound batch in the database (one transaction)")
					.publishPercentileHistogram()
					.register(meters),
				Timer.builder("parley.sequencer.lag")
					.description("Age of an inbound batch's oldest command when the sequencer polled it")
					.publishPercentileHistogram()
					.register(meters),
				Counter.builder("parley.sequencer.events")
					.description("Events stored and published (or, with no other node, delivered here)")
					.register(meters),
				Counter.builder("parley.sequencer.failures")
					.description("Inbound batches that failed to store or publish for now (a dependency failing) and "
							+ "are read again")
					.register(meters));
	}

}
