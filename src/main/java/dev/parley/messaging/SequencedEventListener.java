package dev.parley.messaging;

/**
 * Receives every event of the events topic on this node, in partition order (so in
 * sequence order per conversation, bar membership events, which may overtake). Called on
 * the event-tail thread: implementations must not block for long.
 */
public interface SequencedEventListener {

	void onEvent(SequencedEvent event);

}
