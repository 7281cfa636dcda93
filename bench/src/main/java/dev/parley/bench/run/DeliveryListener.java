package dev.parley.bench.run;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import dev.parley.bench.client.Protocol;
import dev.parley.bench.client.Session;
import dev.parley.bench.client.SessionListener;
import dev.parley.bench.wire.Frame;
import dev.parley.bench.wire.Payload;

/**
 * Feeds incoming {@code ack}, {@code message} and {@code error} frames into a run's
 * {@link Tracker} and {@link Latencies}, and counts other users' {@code receipt} events. An
 * {@code error} carrying an id answers a message (a refusal); one without an id answers a
 * receipt, the only frame without an id a session sends once ready, and never counts as a
 * refused message. The schedule is set once sending starts (acks before that are
 * ignored). Thread-safe.
 */
final class DeliveryListener implements SessionListener {

	private final LongAdder errors = new LongAdder();

	private final LongAdder receiptErrors = new LongAdder();

	private final LongAdder receiptEvents = new LongAdder();

	private final AtomicReference<String> firstError = new AtomicReference<>();

	private volatile Tracker tracker;

	private volatile Latencies latencies;

	private volatile Schedule schedule;

	void start(Tracker tracker, Latencies latencies, Schedule schedule) {
		this.tracker = tracker;
		this.latencies = latencies;
		this.schedule = schedule;
	}

	@Override
	public void onFrame(Session session, Frame frame, long nowNanos) {
		Tracker current = this.tracker;
		String kind = frame.kind();
		if ("message".equals(kind)) {
			Payload payload = Payload.parse(frame.body());
			session.countReceived();
			if (current == null || payload == null) {
				return;
			}
			if (current.delivered(payload.number(), session, nowNanos) == Tracker.Delivery.FIRST) {
				this.latencies.delivery(payload.intendedNanos(), nowNanos);
			}
		}
		else if ("ack".equals(kind) && current != null) {
			int number = Protocol.number(frame.id());
			if (number >= 0 && number < this.schedule.total()) {
				current.acked(number);
				this.latencies.ack(this.schedule.intended(number), nowNanos);
			}
		}
		else if ("error".equals(kind)) {
			this.errors.increment();
			if (frame.id() == null) {
				this.receiptErrors.increment();
				this.firstError.compareAndSet(null, frame.code() + " (no id: a receipt)");
			}
			else {
				this.firstError.compareAndSet(null, frame.code() + " (id " + frame.id() + ")");
				if (current != null) {
					current.rejected(Protocol.number(frame.id()));
				}
			}
		}
		else if ("receipt".equals(kind) && frame.userId() != session.account().userId()) {
			// Parley also sends a session its own user's receipts (for its other devices)
			this.receiptEvents.increment();
		}
	}

	Tracker tracker() {
		return this.tracker;
	}

	/** Every {@code error} frame, whatever it answered. */
	long errors() {
		return this.errors.sum();
	}

	/** {@code error} frames without an id: refused receipts. */
	long receiptErrors() {
		return this.receiptErrors.sum();
	}

	/** {@code receipt} frames received with other users' receipts. */
	long receiptEvents() {
		return this.receiptEvents.sum();
	}

	String firstError() {
		return this.firstError.get();
	}

}
