package dev.parley.bench.run;

import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency histograms of a run, in nanoseconds, all measured from the intended send time
 * of the open-loop schedule: send to delivery at the recipient, send to ack, and how late
 * the generator actually wrote each message (its own lag). Messages intended before
 * {@code measureFromNanos} (warm-up) are not recorded. Thread-safe (wait-free recorders).
 */
public final class Latencies {

	private static final long HIGHEST = 3_600_000_000_000L;

	private final long measureFromNanos;

	private final Recorder delivery = new Recorder(HIGHEST, 3);

	private final Recorder ack = new Recorder(HIGHEST, 3);

	private final Recorder sendLag = new Recorder(HIGHEST, 3);

	private final LongAdder measuredDeliveries = new LongAdder();

	public Latencies(long measureFromNanos) {
		this.measureFromNanos = measureFromNanos;
	}

	public long measureFromNanos() {
		return this.measureFromNanos;
	}

	public void delivery(long intendedNanos, long nowNanos) {
		if (intendedNanos >= this.measureFromNanos) {
			this.delivery.recordValue(Math.max(0, nowNanos - intendedNanos));
			this.measuredDeliveries.increment();
		}
	}

	public void ack(long intendedNanos, long nowNanos) {
		if (intendedNanos >= this.measureFromNanos) {
			this.ack.recordValue(Math.max(0, nowNanos - intendedNanos));
		}
	}

	public void sendLag(long intendedNanos, long nowNanos) {
		if (intendedNanos >= this.measureFromNanos) {
			this.sendLag.recordValue(Math.max(0, nowNanos - intendedNanos));
		}
	}

	/** Deliveries of messages intended after the warm-up. */
	public long measuredDeliveries() {
		return this.measuredDeliveries.sum();
	}

	/** The histograms recorded so far (each call takes what was recorded since the last). */
	public Snapshot snapshot() {
		return new Snapshot(this.delivery.getIntervalHistogram(), this.ack.getIntervalHistogram(),
				this.sendLag.getIntervalHistogram());
	}

	/**
	 * @param delivery send to delivery
	 * @param ack send to ack
	 * @param sendLag intended to actual write
	 */
	public record Snapshot(Histogram delivery, Histogram ack, Histogram sendLag) {
	}

}
