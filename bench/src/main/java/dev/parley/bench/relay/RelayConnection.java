package dev.parley.bench.relay;

/**
 * One relay WebSocket connection as the protocol logic ({@link RelaySession}) sees it,
 * whatever the server stack under it: a way to push a text frame and to close, and
 * whether it speaks the seed protocol. {@link #push} may be called from any thread and
 * never blocks; frames pushed from one thread go out in that order.
 */
interface RelayConnection {

	/** Whether the connection speaks the seed's protocol ({@code /messaging}). */
	boolean seed();

	/** Sends one text frame, asynchronously. */
	void push(String text);

	/** Sends a close frame with {@code code} and {@code reason}, then closes. */
	void close(int code, String reason);

}
