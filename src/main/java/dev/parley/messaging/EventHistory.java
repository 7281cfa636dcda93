package dev.parley.messaging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Reads stored events back: history pages, resume and gap filling. Events come in
 * ascending sequence order; messages show their current state (edited text, deleted).
 * Thread-safe.
 */
@Component
public class EventHistory {

	private final EventStore store;

	private final EventRenderer renderer;

	private final InboxQueries inbox;

	EventHistory(EventStore store, EventRenderer renderer, InboxQueries inbox) {
		this.store = store;
		this.renderer = renderer;
		this.inbox = inbox;
	}

	/** Up to {@code limit} events after {@code seq}, oldest first. */
	public List<SequencedEvent> after(long conversationId, long seq, int limit) {
		return this.store.after(conversationId, seq, limit).stream().map(this.renderer::stored).toList();
	}

	/** Up to {@code limit} events before {@code seq}, oldest first. */
	public List<SequencedEvent> before(long conversationId, long seq, int limit) {
		List<SequencedEvent> events = new ArrayList<>(
				this.store.before(conversationId, seq, limit).stream().map(this.renderer::stored).toList());
		Collections.reverse(events);
		return events;
	}

	/** The conversation's last sequence number (0 when it has no events). */
	public long lastSeq(long conversationId) {
		return this.store.lastSeq(conversationId);
	}

	/**
	 * The user's delivered position per conversation (conversations without one are
	 * absent).
	 */
	public Map<Long, Long> deliveredPositions(long userId) {
		return this.inbox.deliveredPositions(userId);
	}

	/** The last sequence number of each of these conversations (absent when none). */
	public Map<Long, Long> lastSeqs(List<Long> conversationIds) {
		return this.inbox.lastSeqs(conversationIds);
	}

}
