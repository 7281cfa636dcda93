package dev.parley.infra;

/**
 * Marks a thread that serves many connections at once and so must never wait on the
 * database: Tomcat's poller while it reads a WebSocket frame (see the gateway's inline
 * reads). While a thread is marked, every attempt to take a database connection fails
 * with {@link WouldBlockException} before it takes one, and the caller hands its work to
 * a thread that may wait. Work that reaches the database therefore has to do so before it
 * changes anything, which is how the frame handlers' database reads (cache misses) come.
 */
public final class NonBlockingThreads {

	/**
	 * TRUE only between {@link #enter()} and {@link #exit()}: no session state. Cleared
	 * by setting FALSE so that a thread's later frames allocate nothing here.
	 */
	private static final ThreadLocal<Boolean> MARKED = new ThreadLocal<>();

	private NonBlockingThreads() {
	}

	/** Marks the current thread; {@link #exit()} must follow in a finally block. */
	public static void enter() {
		MARKED.set(Boolean.TRUE);
	}

	public static void exit() {
		MARKED.set(Boolean.FALSE);
	}

	/** Whether the current thread must not wait. */
	public static boolean active() {
		return MARKED.get() == Boolean.TRUE;
	}

	/**
	 * Called before anything that may wait (taking a database connection).
	 * @throws WouldBlockException on a marked thread
	 */
	public static void check() {
		if (active()) {
			throw WouldBlockException.INSTANCE;
		}
	}

	/** Whether a failure (or one of its causes) is a {@link WouldBlockException}. */
	public static boolean wouldBlock(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof WouldBlockException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Work on a marked thread was about to wait; nothing was changed yet. One shared
	 * instance without a stack trace: it is control flow, thrown on every cache miss of a
	 * frame read on the poller.
	 */
	public static final class WouldBlockException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		static final WouldBlockException INSTANCE = new WouldBlockException();

		private WouldBlockException() {
			super("This thread must not wait; hand the work to one that may.", null, false, false);
		}

	}

}
