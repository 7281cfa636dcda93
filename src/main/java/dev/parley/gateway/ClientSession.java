package dev.parley.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import dev.parley.accounts.Principal;
import dev.parley.common.ParleyException;
import dev.parley.messaging.EventHistory;
import dev.parley.messaging.EventKind;
import dev.parley.messaging.SequencedEvent;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.web.socket.WebSocketSession;

/**
 * One client connection on this node and what it has been sent. Per conversation it
 * remembers the last sequence number pushed, so that every conversation's events reach
 * the client in order with no gap (a gap is filled from the database) and no duplicate
 * (G3, G4). Sequenced events flow only after the client's first {@code resume} has
 * started to replay: before it they are dropped (the replay reads them from the
 * database); while it replays, live events are held back and then delivered through the
 * same checks. A session replays once: later {@code resume} frames replay nothing.
 *
 * <p>
 * Threads: {@link #deliver} is called on the event-tail and local-delivery threads, the
 * replay on a resume thread, frames on the container's thread; delivery state is guarded
 * by this object's monitor. Outgoing frames go through the session's {@link Outbox},
 * which never blocks the caller: a client that falls more than the outbound buffer behind
 * is closed with 4408.
 */
final class ClientSession {

	/** Where a session is in its one replay. */
	enum Replay {

		/** No {@code resume} yet: sequenced events are dropped. */
		NONE,
		/** Waiting for a resume thread: sequenced events are still dropped. */
		QUEUED,
		/** Replaying: live sequenced events are held back. */
		RUNNING,
		/** Replayed: live sequenced events flow. */
		DONE,
		/** The replay failed and the session is closing: sequenced events are dropped. */
		FAILED

	}

	private final WebSocketSession raw;

	private final Outbox outbox;

	private final Dialect dialect;

	private final EventHistory history;

	private final DeliveredTracker delivered;

	private final Map<Long, Long> positions = new HashMap<>();

	private final List<SequencedEvent> heldBack = new ArrayList<>();

	private volatile Principal principal;

	private Replay replay = Replay.NONE;

	private int unansweredResumes;

	/**
	 * The client message being assembled from parts, if any (container thread only; see
	 * {@link WholeFrameHandler}).
	 */
	StringBuilder partial;

	ClientSession(WebSocketSession raw, Dialect dialect, EventHistory history, DeliveredTracker delivered,
			GatewayProperties properties, Runnable onClose, Executor closer, MeterRegistry meters) {
		this.raw = raw;
		this.outbox = new Outbox(raw, properties.outboundBuffer().toBytes(), properties.sendTimeLimit(), onClose,
				closer, meters);
		this.dialect = dialect;
		this.history = history;
		this.delivered = delivered;
	}

	String id() {
		return this.raw.getId();
	}

	Principal principal() {
		return this.principal;
	}

	void authenticated(Principal principal) {
		this.principal = principal;
	}

	Dialect dialect() {
		return this.dialect;
	}

	boolean isOpen() {
		return this.raw.isOpen();
	}

	/** Pushes a live event (event-tail or local-delivery thread). */
	synchronized void deliver(SequencedEvent event) {
		if (this.principal == null) {
			return;
		}
		if (!event.kind().sequenced()) {
			send(this.dialect.render(event, this.principal.userId()));
			return;
		}
		if (this.replay != Replay.RUNNING && this.replay != Replay.DONE) {
			// the replay to come reads this event from the database
			return;
		}
		if (this.replay == Replay.RUNNING) {
			this.heldBack.add(event);
			return;
		}
		try {
			push(event, true);
		}
		catch (RuntimeException ex) {
			if (ParleyException.ifDatabaseBusy(ex).isEmpty()) {
				throw ex;
			}
			// a gap could not be filled from the database: rather than skip it, let the
			// client come back and resume from what it has
			close(CloseCode.TRY_AGAIN_LATER);
		}
	}

	/**
	 * A {@code resume} arrived: returns where the session's replay was before it, and
	 * queues the replay if there was none.
	 */
	synchronized Replay requestReplay() {
		Replay before = this.replay;
		if (before == Replay.NONE) {
			this.replay = Replay.QUEUED;
		}
		else if (before == Replay.QUEUED || before == Replay.RUNNING) {
			this.unansweredResumes++;
		}
		return before;
	}

	/**
	 * The {@code resume} frames that arrived while the replay was queued or running, each
	 * to be answered by a {@code synced} when it ends; resets the count.
	 */
	synchronized int takeUnansweredResumes() {
		int count = this.unansweredResumes;
		this.unansweredResumes = 0;
		return count;
	}

	/**
	 * Starts the replay: live events are held back until {@link #endReplay()}. Events
	 * delivered before this call were stored before it, so the replay reads them.
	 */
	synchronized void beginReplay() {
		this.replay = Replay.RUNNING;
	}

	/** The replay failed: nothing held back goes out (the session is being closed). */
	synchronized void abandonReplay() {
		this.replay = Replay.FAILED;
		this.heldBack.clear();
	}

	/** Sets where the client is in a conversation. */
	synchronized void position(long conversationId, long seq) {
		this.positions.put(conversationId, seq);
	}

	/** Pushes a replayed event (resume thread). */
	synchronized void replay(SequencedEvent event) {
		push(event, false);
	}

	/** Ends a replay: held-back events go out through the usual checks. */
	synchronized void endReplay() {
		this.replay = Replay.DONE;
		for (SequencedEvent event : this.heldBack) {
			push(event, true);
		}
		this.heldBack.clear();
	}

	private void push(SequencedEvent event, boolean live) {
		long conversationId = event.conversationId();
		Long last = this.positions.get(conversationId);
		if (last != null && event.seq() <= last) {
			return;
		}
		if (last != null && event.seq() > last + 1) {
			for (SequencedEvent missed : this.history.after(conversationId, last, (int) (event.seq() - last - 1))) {
				if (missed.seq() < event.seq()) {
					emit(missed, false);
				}
			}
		}
		emit(event, live);
	}

	private void emit(SequencedEvent event, boolean live) {
		this.positions.put(event.conversationId(), event.seq());
		boolean ownLiveMessage = live && event.kind() == EventKind.MESSAGE
				&& event.senderId() == this.principal.userId() && event.deviceId() == this.principal.deviceId();
		if (!ownLiveMessage) {
			send(this.dialect.render(event, this.principal.userId()));
		}
		if (this.dialect.autoReceipts() && event.kind() == EventKind.MESSAGE) {
			this.delivered.note(this.principal, event.conversationId(), event.seq());
		}
	}

	/**
	 * Blocks the calling (resume) thread until the client has room for more; false when
	 * the session is gone. Never call it holding this session's monitor.
	 */
	boolean awaitRoom(Duration timeout) {
		try {
			return this.outbox.awaitRoom(timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Queues a frame for the client; closes a client that cannot keep up (4408). */
	void send(String frame) {
		if (frame != null) {
			this.outbox.send(frame);
		}
	}

	void close(CloseCode code) {
		this.outbox.close(code);
	}

}
