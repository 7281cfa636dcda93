package dev.parley.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.parley.accounts.Principal;
import dev.parley.common.ParleyException;
import dev.parley.messaging.Messaging;

import org.springframework.stereotype.Component;

/**
 * For clients that cannot send receipts (the seed's): remembers the highest sequence
 * number pushed per user and conversation and sends one {@code delivered} receipt for it
 * every 200 ms, so that a reconnect replays only what was not pushed. Thread-safe.
 */
@Component
class DeliveredTracker {

	private record Key(Principal principal, long conversationId) {
	}

	private final Map<Key, Long> pending = new ConcurrentHashMap<>();

	private final Messaging messaging;

	DeliveredTracker(Messaging messaging, GatewayScheduler scheduler) {
		this.messaging = messaging;
		ScheduledExecutorService executor = scheduler.executor();
		executor.scheduleWithFixedDelay(this::flush, 200, 200, TimeUnit.MILLISECONDS);
	}

	void note(Principal principal, long conversationId, long seq) {
		this.pending.merge(new Key(principal, conversationId), seq, Math::max);
	}

	void flush() {
		for (Key key : this.pending.keySet()) {
			Long seq = this.pending.remove(key);
			if (seq != null) {
				try {
					this.messaging.receipt(key.principal(), key.conversationId(), "delivered", seq);
				}
				catch (ParleyException ex) {
					// the user left the conversation meanwhile: nothing to record
				}
			}
		}
	}

}
