package dev.parley.gateway.internal;

/**
 * Marks the current thread as inside an asynchronous WebSocket send whose caller accepts
 * the send's completion on its own thread, before the send returns. While it is marked,
 * {@link InlineCompletionNioProtocol} runs a completion Tomcat hands to its pool on the
 * spot instead.
 */
public final class InlineSends {

	/** Set only between {@link #begin()} and {@link #end()}: no session state. */
	private static final ThreadLocal<Boolean> SENDING = new ThreadLocal<>();

	private InlineSends() {
	}

	/** Called right before the send; {@link #end()} must follow in a finally block. */
	public static void begin() {
		SENDING.set(Boolean.TRUE);
	}

	public static void end() {
		SENDING.remove();
	}

	static boolean active() {
		return SENDING.get() != null;
	}

}
