package dev.parley.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * Commands accepted on this node that wait for their sequenced event (or rejection) to
 * reach this node, from its own sequencer or through the events topic
 * ({@link EventTail}). A resend of a command still in flight joins the first one's wait
 * instead of producing again; another command under the same sender, conversation and
 * client id is refused with {@code conflict} at once, as the sequencer would refuse it. A
 * command that ends without a reply (Kafka refused it, or no event came back within the
 * timeout) is counted by reason in {@code parley.messages.unconfirmed} and reported in a
 * WARN line at most every {@value #WARN_EVERY_SECONDS} seconds per reason. Thread-safe;
 * completed on the event-tail and local-delivery threads.
 */
@Component
class PendingReplies {

	static final int WARN_EVERY_SECONDS = 10;

	private static final Logger log = LoggerFactory.getLogger(PendingReplies.class);

	record Key(long senderId, long conversationId, String clientId) {
	}

	/** A command waiting for its reply. */
	private record Pending(InboundCommand command, CompletableFuture<SequencedEvent> reply) {
	}

	private final ConcurrentHashMap<Key, Pending> pending = new ConcurrentHashMap<>();

	private final Unconfirmed timedOut;

	private final Unconfirmed refused;

	private final Admission admission;

	PendingReplies(Admission admission, MeterRegistry meters) {
		this.admission = admission;
		this.timedOut = new Unconfirmed(meters, "timeout");
		this.refused = new Unconfirmed(meters, "refused");
	}

	/**
	 * The reply to a command: registered before {@code produce} runs, which happens only
	 * when no command is already waiting under its key.
	 * @throws ParleyException {@code unavailable} when {@link Admission} refuses a new
	 * command (a resend of one still waiting joins its wait); {@code conflict} when
	 * another command waits under the key
	 */
	CompletableFuture<SequencedEvent> await(Key key, InboundCommand command, Duration timeout,
			Supplier<CompletableFuture<?>> produce) {
		Pending existing = this.pending.get(key);
		if (existing != null) {
			return joined(existing, command);
		}
		this.admission.acquire();
		CompletableFuture<SequencedEvent> created = new CompletableFuture<>();
		Pending entry = new Pending(command, created);
		existing = this.pending.putIfAbsent(key, entry);
		if (existing != null) {
			this.admission.release();
			return joined(existing, command);
		}
		created.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((event, ex) -> {
			this.pending.remove(key, entry);
			this.admission.release();
			if (ex instanceof TimeoutException) {
				this.timedOut.record(() -> "Commands not confirmed within " + timeout.toMillis()
						+ " ms (no event came back from the sequencer); still waiting: " + this.pending.size());
			}
		});
		produce.get().whenComplete((result, ex) -> {
			if (ex != null && !created.isDone()) {
				// counted before the sender is answered, so the metric is never behind it
				this.refused.record(() -> "Commands refused by Kafka; last: " + describe(ex));
				created.completeExceptionally(new ParleyException(ErrorCode.UNAVAILABLE,
						"The message could not be accepted; resend it with the same id."));
			}
		});
		return created;
	}

	private static CompletableFuture<SequencedEvent> joined(Pending existing, InboundCommand command) {
		if (!StoredCommand.same(existing.command(), command)) {
			throw new ParleyException(ErrorCode.CONFLICT, StoredCommand.CONFLICT);
		}
		return existing.reply();
	}

	private static String describe(Throwable ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

	void complete(SequencedEvent event) {
		if (event.clientId() == null) {
			return;
		}
		Pending waiting = this.pending.remove(new Key(event.senderId(), event.conversationId(), event.clientId()));
		if (waiting != null) {
			waiting.reply().complete(event);
		}
	}

	int size() {
		return this.pending.size();
	}

	/**
	 * One reason a command ends unconfirmed: a counter, and a WARN line with how many
	 * since the last one, at most every {@value #WARN_EVERY_SECONDS} seconds.
	 */
	private static final class Unconfirmed {

		private final Counter counter;

		private final String reason;

		private final AtomicLong unreported = new AtomicLong();

		private final AtomicLong nextWarnAt = new AtomicLong(System.nanoTime());

		Unconfirmed(MeterRegistry meters, String reason) {
			this.reason = reason;
			this.counter = Counter.builder("parley.messages.unconfirmed")
				.description("Commands answered unavailable: refused by Kafka, or no event within the reply timeout")
				.tag("reason", reason)
				.register(meters);
		}

		void record(Supplier<String> what) {
			this.counter.increment();
			this.unreported.incrementAndGet();
			long now = System.nanoTime();
			long due = this.nextWarnAt.get();
			if (now - due >= 0
					&& this.nextWarnAt.compareAndSet(due, now + TimeUnit.SECONDS.toNanos(WARN_EVERY_SECONDS))) {
				log.warn("{} ({}: {} since the last such line)", what.get(), this.reason, this.unreported.getAndSet(0));
			}
		}

	}

}
