package dev.parley.bench.client;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The receipts the sessions of one {@link BenchClient} sent, and how many of their
 * debounce timers are still waiting to fire. Thread-safe: updated from every event loop.
 */
public final class ReceiptCounts {

	private final LongAdder delivered = new LongAdder();

	private final LongAdder read = new LongAdder();

	private final LongAdder measured = new LongAdder();

	private final AtomicInteger pending = new AtomicInteger();

	private final AtomicLong lastSentNanos = new AtomicLong();

	private volatile long measureFromNanos = Long.MAX_VALUE;

	/**
	 * Receipts sent from {@code nanos} on also count as measured (the end of a warm-up).
	 */
	public void measureFrom(long nanos) {
		this.measureFromNanos = nanos;
	}

	/**
	 * Whether no debounce timer is waiting, so every receipt owed so far has been sent.
	 */
	public boolean idle() {
		return this.pending.get() == 0;
	}

	void armed() {
		this.pending.incrementAndGet();
	}

	void disarmed() {
		this.pending.decrementAndGet();
	}

	void sent(boolean readReceipt, long nowNanos) {
		(readReceipt ? this.read : this.delivered).increment();
		if (nowNanos >= this.measureFromNanos) {
			this.measured.increment();
			this.lastSentNanos.accumulateAndGet(nowNanos, Math::max);
		}
	}

	public Snapshot snapshot() {
		return new Snapshot(this.delivered.sum(), this.read.sum(), this.measured.sum(), this.measureFromNanos,
				this.lastSentNanos.get());
	}

	/**
	 * @param delivered {@code received} frames sent
	 * @param read {@code read} frames sent
	 * @param measured receipts sent after the warm-up
	 * @param measureFromNanos end of the warm-up ({@link Long#MAX_VALUE} if never set)
	 * @param lastSentNanos when the last measured receipt was sent (0 if none)
	 */
	public record Snapshot(long delivered, long read, long measured, long measureFromNanos, long lastSentNanos) {

		public long total() {
			return this.delivered + this.read;
		}

		/** Receipts per second after the warm-up, up to the last one sent. */
		public double perSecond() {
			double seconds = (this.lastSentNanos - this.measureFromNanos) / 1e9;
			return (this.measured > 0 && seconds > 0) ? this.measured / seconds : 0;
		}

	}

}
