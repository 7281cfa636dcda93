package dev.parley.bench.run;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.parley.bench.client.Session;

/**
 * What happened to every message of a run, by message number: who sent it to which
 * target, whether it was acknowledged or refused, and how many distinct intended sessions
 * received it. Lost = acknowledged but not received by an intended session by the end;
 * duplicate = received again by the same session. Refusals of messages due in the warm-up
 * are also counted apart, since a freshly started server may be overloaded then. Thread-safe
 * (updated from every event loop).
 */
public final class Tracker {

	/** What one incoming message was. */
	public enum Delivery {

		/** first receipt by an intended session */
		FIRST,
		/** received again by the same session */
		DUPLICATE,
		/** the sender's own message (e.g. to its other devices): ignored */
		ECHO,
		/** received by a session it was not meant for */
		MISROUTED,
		/** a number this run never sent */
		UNKNOWN

	}

	private final int capacity;

	private final int measuredFrom;

	private final Audience audience;

	private final AtomicIntegerArray senders;

	private final AtomicIntegerArray targets;

	private final AtomicIntegerArray acked;

	private final AtomicIntegerArray unique;

	private final LongAdder sent = new LongAdder();

	private final LongAdder ackedCount = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final LongAdder rejectedInWarmup = new LongAdder();

	private final LongAdder expectedDeliveries = new LongAdder();

	private final LongAdder uniqueCount = new LongAdder();

	private final LongAdder duplicates = new LongAdder();

	private final LongAdder misrouted = new LongAdder();

	private final LongAdder unknown = new LongAdder();

	private final AtomicLong lastDeliveryNanos = new AtomicLong();

	/**
	 * @param capacity messages in the run
	 * @param measuredFrom the first message number due after the warm-up
	 * @param audience who receives what
	 */
	public Tracker(int capacity, int measuredFrom, Audience audience) {
		this.capacity = capacity;
		this.measuredFrom = measuredFrom;
		this.audience = audience;
		this.senders = new AtomicIntegerArray(capacity);
		this.targets = new AtomicIntegerArray(capacity);
		this.acked = new AtomicIntegerArray(capacity);
		this.unique = new AtomicIntegerArray(capacity);
	}

	public int capacity() {
		return this.capacity;
	}

	/** Message {@code number} was written by session {@code sender} to {@code target}. */
	public void sent(int number, int sender, int target) {
		this.senders.set(number, sender);
		this.targets.set(number, target);
		this.sent.increment();
	}

	public void acked(int number) {
		if (number >= 0 && number < this.capacity && this.acked.compareAndSet(number, 0, 1)) {
			this.ackedCount.increment();
			this.expectedDeliveries.add(this.audience.size(this.targets.get(number)));
		}
	}

	public void rejected(int number) {
		if (number >= 0 && number < this.capacity && this.acked.compareAndSet(number, 0, 2)) {
			this.rejected.increment();
			if (number < this.measuredFrom) {
				this.rejectedInWarmup.increment();
			}
		}
	}

	/** Message {@code number} arrived at {@code recipient}; call on the recipient's loop. */
	public Delivery delivered(int number, Session recipient, long nowNanos) {
		if (number < 0 || number >= this.capacity) {
			this.unknown.increment();
			return Delivery.UNKNOWN;
		}
		if (recipient.index() == this.senders.get(number)) {
			return Delivery.ECHO;
		}
		if (!this.audience.includes(this.targets.get(number), recipient)) {
			this.misrouted.increment();
			return Delivery.MISROUTED;
		}
		boolean first = this.audience.fansOut() ? recipient.firstSight(number)
				: this.unique.compareAndSet(number, 0, 1);
		if (!first) {
			this.duplicates.increment();
			return Delivery.DUPLICATE;
		}
		if (this.audience.fansOut()) {
			this.unique.incrementAndGet(number);
		}
		this.uniqueCount.increment();
		this.lastDeliveryNanos.accumulateAndGet(nowNanos, Math::max);
		return Delivery.FIRST;
	}

	/** Whether every message sent is answered and every acknowledged one fully delivered. */
	public boolean settled() {
		long answered = this.ackedCount.sum() + this.rejected.sum();
		return answered >= this.sent.sum() && this.uniqueCount.sum() >= this.expectedDeliveries.sum();
	}

	public long lastDeliveryNanos() {
		return this.lastDeliveryNanos.get();
	}

	public long deliveries() {
		return this.uniqueCount.sum();
	}

	/** Counts as of now; call after the run has settled or drained. */
	public Counts counts() {
		long lost = 0;
		long sentNow = this.sent.sum();
		for (int n = 0; n < this.capacity && n < sentNow; n++) {
			if (this.acked.get(n) == 1) {
				lost += Math.max(0, this.audience.size(this.targets.get(n)) - this.unique.get(n));
			}
		}
		long answered = this.ackedCount.sum() + this.rejected.sum();
		return new Counts(sentNow, this.ackedCount.sum(), this.rejected.sum(), this.rejectedInWarmup.sum(),
				sentNow - answered,
				this.expectedDeliveries.sum(), this.uniqueCount.sum(), lost, this.duplicates.sum(),
				this.misrouted.sum(), this.unknown.sum());
	}

	/**
	 * @param sent messages written
	 * @param acked messages acknowledged (on the seed: written)
	 * @param rejected messages answered with an {@code error}
	 * @param rejectedInWarmup those of them due in the warm-up
	 * @param unanswered messages neither acknowledged nor refused
	 * @param expected deliveries owed for the acknowledged messages
	 * @param delivered distinct deliveries to intended sessions
	 * @param lost acknowledged deliveries that never arrived
	 * @param duplicates deliveries repeated on the same session
	 * @param misrouted deliveries to sessions they were not meant for
	 * @param unknown deliveries of bodies this run did not send
	 */
	public record Counts(long sent, long acked, long rejected, long rejectedInWarmup, long unanswered, long expected,
			long delivered, long lost, long duplicates, long misrouted, long unknown) {

		/** Correct: nothing lost, duplicated, misrouted, refused or left unanswered. */
		public boolean correct() {
			return this.lost == 0 && this.duplicates == 0 && this.misrouted == 0 && this.rejected == 0
					&& this.unanswered == 0 && this.unknown == 0;
		}

	}

}
