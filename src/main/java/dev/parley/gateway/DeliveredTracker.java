package dev.parley.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.accounts.Principal;
import dev.parley.common.ParleyException;
import dev.parley.messaging.EventKind;
import dev.parley.messaging.Messaging;
import dev.parley.messaging.SequencedEvent;
import dev.parley.messaging.SequencedEventListener;

import org.springframework.stereotype.Component;

/**
 * For clients that cannot send receipts (the seed's): remembers the highest sequence
 * number pushed per user and conversation and sends one {@code delivered} receipt for it
 * every 200 ms, so that a reconnect replays only what was not pushed. Until the receipt
 * comes back through the events topic, {@link #pushedUpTo} still knows the position, so a
 * reconnect to this node in that window does not replay what was pushed. Thread-safe.
 */
@Component
class DeliveredTracker implements SequencedEventListener {

	private record Key(Principal principal, long conversationId) {
	}

	private record UserKey(long userId, long conversationId) {
	}

	private final Map<Key, Long> pending = new ConcurrentHashMap<>();

	private final Cache<UserKey, Long> unconfirmed = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofMinutes(1))
		.build();

	private final Messaging messaging;

	DeliveredTracker(Messaging messaging, GatewayScheduler scheduler) {
		this.messaging = messaging;
		ScheduledExecutorService executor = scheduler.executor();
		executor.scheduleWithFixedDelay(this::flush, 200, 200, TimeUnit.MILLISECONDS);
	}

	void note(Principal principal, long conversationId, long seq) {
		this.pending.merge(new Key(principal, conversationId), seq, Math::max);
		this.unconfirmed.asMap().merge(new UserKey(principal.userId(), conversationId), seq, Math::max);
	}

	/**
	 * The highest sequence pushed to the user here and not yet confirmed stored, or 0.
	 */
	long pushedUpTo(long userId, long conversationId) {
		Long seq = this.unconfirmed.getIfPresent(new UserKey(userId, conversationId));
		return (seq != null) ? seq : 0;
	}

	@Override
	public void onEvent(SequencedEvent event) {
		if (event.kind() == EventKind.RECEIPT) {
			this.unconfirmed.asMap()
				.computeIfPresent(new UserKey(event.senderId(), event.conversationId()),
						(key, seq) -> (seq <= event.seq()) ? null : seq);
		}
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
