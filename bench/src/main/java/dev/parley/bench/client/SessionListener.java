package dev.parley.bench.client;

import dev.parley.bench.wire.Frame;

/**
 * Receives the frames of bench sessions. Called on the session's event-loop thread; must
 * not block.
 */
@FunctionalInterface
public interface SessionListener {

	/** A frame other than {@code ready} arrived on {@code session} at {@code nowNanos}. */
	void onFrame(Session session, Frame frame, long nowNanos);

}
