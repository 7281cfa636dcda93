package dev.parley.messaging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Admission control: past its capacity a node refuses new commands at once with
 * {@code unavailable} and a retry hint, so that the commands it accepted keep their
 * latency instead of queueing behind work it cannot do. Two bounds, both settings:
 * <ul>
 * <li>commands this node waits for (accepted, not yet answered by their sequenced event)
 * — by Little's law this bounds how long an accepted command waits: a node storing
 * {@code S} commands a second answers each within about {@code max-in-flight / S};</li>
 * <li>the age of the oldest command in the last batch each of this node's sequencer
 * workers polled — a backlog on the inbound topic, whoever produced it (another node,
 * receipts).</li>
 * </ul>
 * Refusals are counted in {@code parley.admission.refused} by reason. Resends of a
 * command still waiting join its wait and are not refused. Thread-safe.
 */
@Component
class Admission {

	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private final int maxInFlight;

	private final long maxLagMillis;

	private final AtomicInteger inFlight = new AtomicInteger();

	/** Per sequencer worker: the lag of its last poll, 0 when it found nothing. */
	private final AtomicLongArray lags;

	private final Counter refusedInFlight;

	private final Counter refusedLag;

	Admission(MessagingProperties properties, MeterRegistry meters) {
		this.maxInFlight = properties.maxInFlight();
		this.maxLagMillis = properties.maxSequencerLag().toMillis();
		this.lags = new AtomicLongArray(properties.sequencerThreads());
		Gauge.builder("parley.admission.in.flight", this.inFlight, AtomicInteger::get)
			.description("Commands accepted on this node and waiting for their sequenced event")
			.register(meters);
		this.refusedInFlight = refused(meters, "in_flight");
		this.refusedLag = refused(meters, "sequencer_lag");
	}

	private static Counter refused(MeterRegistry meters, String reason) {
		return Counter.builder("parley.admission.refused")
			.description("Commands refused as unavailable because the node was past its capacity")
			.tag("reason", reason)
			.register(meters);
	}

	/**
	 * Takes a place for one command; {@link #release()} gives it back when the command is
	 * answered (or fails).
	 * @throws ParleyException {@code unavailable} with a retry hint when the node is past
	 * either bound
	 */
	void acquire() {
		if (lag() > this.maxLagMillis) {
			this.refusedLag.increment();
			throw atCapacity();
		}
		if (this.inFlight.incrementAndGet() > this.maxInFlight) {
			this.inFlight.decrementAndGet();
			this.refusedInFlight.increment();
			throw atCapacity();
		}
	}

	void release() {
		this.inFlight.decrementAndGet();
	}

	/** What sequencer worker {@code worker} saw at its last poll (0: nothing waiting). */
	void sequencerLag(int worker, long millis) {
		this.lags.set(worker, millis);
	}

	private long lag() {
		long max = 0;
		for (int i = 0; i < this.lags.length(); i++) {
			max = Math.max(max, this.lags.get(i));
		}
		return max;
	}

	private static ParleyException atCapacity() {
		return new ParleyException(ErrorCode.UNAVAILABLE,
				"The server is at capacity; resend the message with the same id in a moment.", RETRY_AFTER);
	}

}
