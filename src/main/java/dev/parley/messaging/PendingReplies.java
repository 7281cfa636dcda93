package dev.parley.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;

import org.springframework.stereotype.Component;

/**
 * Commands accepted on this node that wait for their sequenced event (or rejection) to
 * come back on the events topic. A resend of a command still in flight joins the first
 * one's wait instead of producing again. Thread-safe; completed on the event-tail thread.
 */
@Component
class PendingReplies {

	record Key(long senderId, long conversationId, String clientId) {
	}

	private final ConcurrentHashMap<Key, CompletableFuture<SequencedEvent>> pending = new ConcurrentHashMap<>();

	/**
	 * The reply to a command: registered before {@code produce} runs, which happens only
	 * when no identical command is already waiting.
	 */
	CompletableFuture<SequencedEvent> await(Key key, Duration timeout, Supplier<CompletableFuture<?>> produce) {
		CompletableFuture<SequencedEvent> created = new CompletableFuture<>();
		CompletableFuture<SequencedEvent> existing = this.pending.putIfAbsent(key, created);
		if (existing != null) {
			return existing;
		}
		created.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((event, ex) -> {
			this.pending.remove(key, created);
		});
		produce.get().whenComplete((result, ex) -> {
			if (ex != null) {
				created.completeExceptionally(new ParleyException(ErrorCode.UNAVAILABLE,
						"The message could not be accepted; resend it with the same id."));
			}
		});
		return created;
	}

	void complete(SequencedEvent event) {
		if (event.clientId() == null) {
			return;
		}
		CompletableFuture<SequencedEvent> future = this.pending
			.remove(new Key(event.senderId(), event.conversationId(), event.clientId()));
		if (future != null) {
			future.complete(event);
		}
	}

	int size() {
		return this.pending.size();
	}

}
