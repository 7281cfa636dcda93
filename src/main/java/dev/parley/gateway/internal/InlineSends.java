package dev.parley.gateway.internal;

/**
 * Marks the current thread as inside an asynchronous WebSocket send whose caller accepts
 * the send's completion on its own thread, before the send returns. While it is marked,
 * {@link InlineNioProtocol} runs a completion Tomcat hands to its pool on the spot
 * instead.
 */
public final class InlineSends {

	/**
	 * TRUE only between {@link #begin()} and {@link #end()}: no session state. Cleared by
	 * setting FALSE, not by removing the entry, so that a thread's frames after its first
	 * allocate nothing here.
	 */
	private static final ThreadLocal<Boolean> SENDING = new ThreadLocal<>();

	private InlineSends() {
	}

	/** Called right before the send; {@link #end()} must follow in a finally block. */
	public static void begin() {
		SENDING.set(Boolean.TRUE);
	}

	public static void end() {
		SENDING.set(Boolean.FALSE);
	}

	static boolean active() {
		return SENDING.get() == Boolean.TRUE;
	}

}
