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
 * {@link Tracker} and {@link Latencies}. The schedule is set once sending starts (acks
 * before that are ignored). Thread-safe.
 */
final class DeliveryListener implements SessionListener {

	private final LongAdder errors = new LongAdder();

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
			this.firstError.compareAndSet(null, frame.code() + " (id " + frame.id() + ")");
			if (current != null) {
				current.rejected(Protocol.number(frame.id()));
			}
		}
	}

	Tracker tracker() {
		return this.tracker;
	}

	long errors() {
		return this.errors.sum();
	}

	String firstError() {
		return this.firstError.get();
	}

}
