package dev.parley.messaging;

/**
 * Receives every event on this node: those this node's sequencer stored, from the
 * local-delivery thread in the order they were stored, and the others from the event-tail
 * thread in partition order. So events of one conversation come in sequence order from
 * each thread, but the two threads (and membership events, which may overtake) can
 * interleave them. Implementations must be thread-safe and must not block for long.
 */
public interface SequencedEventListener {

	void onEvent(SequencedEvent event);

}
