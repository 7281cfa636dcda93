package dev.parley.gateway;

import dev.parley.messaging.SequencedEvent;

/**
 * How a kind of client is spoken to: Parley's v1 protocol, or the seed's. Implementations
 * are stateless and thread-safe.
 */
public interface Dialect {

	/**
	 * The text frame telling this client of the event, or {@code null} to send nothing.
	 */
	String render(SequencedEvent event, long userId);

	/**
	 * Whether the gateway moves the user's delivered position itself once an event is
	 * pushed (for clients that cannot send receipts).
	 */
	boolean autoReceipts();

	/** Whether this client gets typing, presence, ready and synced frames. */
	boolean liveSignals();

}
