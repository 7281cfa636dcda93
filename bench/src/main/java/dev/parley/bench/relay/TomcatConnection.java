package dev.parley.bench.relay;

import java.io.IOException;
import java.util.ArrayDeque;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

/**
 * A Tomcat relay connection: frames go out one at a time through the container's
 * asynchronous send ({@code getAsyncRemote()}, which allows one send in progress), the
 * rest wait in a queue, as in Parley's {@code Outbox}. Thread-safe: the queue is guarded
 * by this object's monitor; a send may complete on any thread, or within the call that
 * started it, in which case the caller goes on with the next frame.
 */
final class TomcatConnection implements RelayConnection, SendHandler {

	private final Session session;

	private final RemoteEndpoint.Async remote;

	private final boolean seed;

	private ArrayDeque<String> queue;

	private boolean sending;

	private boolean dispatching;

	private boolean completedInline;

	TomcatConnection(Session session, boolean seed) {
		this.session = session;
		this.remote = session.getAsyncRemote();
		this.seed = seed;
	}

	@Override
	public boolean seed() {
		return this.seed;
	}

	@Override
	public void push(String text) {
		synchronized (this) {
			if (this.sending) {
				if (this.queue == null) {
					this.queue = new ArrayDeque<>();
				}
				this.queue.add(text);
				return;
			}
			this.sending = true;
		}
		drive(text);
	}

	/** Sends {@code text}, then the next frames for as long as sends complete inline. */
	private void drive(String text) {
		String next = text;
		while (next != null) {
			synchronized (this) {
				this.dispatching = true;
				this.completedInline = false;
			}
			try {
				this.remote.sendText(next, this);
			}
			catch (IllegalStateException ex) {
				synchronized (this) {
					this.dispatching = false;
					this.sending = false;
				}
				return;
			}
			synchronized (this) {
				this.dispatching = false;
				if (!this.completedInline) {
					return;
				}
				next = nextOrIdle();
			}
		}
	}

	@Override
	public void onResult(SendResult result) {
		String next;
		synchronized (this) {
			if (!result.isOK()) {
				this.queue = null;
				this.sending = false;
				return;
			}
			if (this.dispatching) {
				this.completedInline = true;
				return;
			}
			next = nextOrIdle();
		}
		if (next != null) {
			drive(next);
		}
	}

	private String nextOrIdle() {
		String next = (this.queue == null) ? null : this.queue.poll();
		if (next == null) {
			this.sending = false;
		}
		return next;
	}

	@Override
	public void close(int code, String reason) {
		try {
			this.session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
		}
		catch (IOException ex) {
			// the connection is gone already
		}
	}

}
