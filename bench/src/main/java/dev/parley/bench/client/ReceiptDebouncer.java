package dev.parley.bench.client;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one session's receipts as the web client does ({@code messenger.js}:
 * {@code sendReceived}, {@code markReadSoon}, {@code debounce}): per conversation, each
 * message from someone else that raises the highest {@code seq} seen restarts two
 * trailing timers — {@code received} after {@value #RECEIVED_DELAY_MILLIS} ms and, in
 * {@link ReceiptMode#READ} (the conversation is open), {@code read} after
 * {@value #READ_DELAY_MILLIS} ms. When a timer fires it sends that highest {@code seq} if it
 * moves the position forward; a {@code read} also moves the delivered position, as on the
 * server, so a {@code received} due after it finds nothing new. A session's own messages
 * never cause a receipt.
 * <p>
 * Threading: loop-confined to the session's channel; its timers run on that event loop.
 */
final class ReceiptDebouncer {

	static final long RECEIVED_DELAY_MILLIS = 150;

	static final long READ_DELAY_MILLIS = 100;

	private final Session session;

	private final ReceiptMode mode;

	private final ReceiptCounts counts;

	private final Map<Long, Position> conversations = new HashMap<>();

	private final StringBuilder frame = new StringBuilder(80);

	ReceiptDebouncer(Session session, ReceiptMode mode, ReceiptCounts counts) {
		this.session = session;
		this.mode = mode;
		this.counts = counts;
	}

	/** A {@code message} arrived; {@code senderId} may be this session's own user. */
	void onMessage(long conversationId, long seq, long senderId) {
		if (this.mode == ReceiptMode.NONE || senderId == this.session.account().userId() || conversationId < 1
				|| seq < 1) {
			return;
		}
		Position position = this.conversations.computeIfAbsent(conversationId, Position::new);
		if (seq <= position.seen) {
			return;
		}
		position.seen = seq;
		position.deliveredTimer = restart(position.deliveredTimer, () -> sendReceived(position),
				RECEIVED_DELAY_MILLIS);
		if (this.mode == ReceiptMode.READ) {
			position.readTimer = restart(position.readTimer, () -> sendRead(position), READ_DELAY_MILLIS);
		}
	}

	/** The channel closed: drops every waiting timer. */
	void close() {
		for (Position position : this.conversations.values()) {
			position.deliveredTimer = cancel(position.deliveredTimer);
			position.readTimer = cancel(position.readTimer);
		}
	}

	private ScheduledFuture<?> restart(ScheduledFuture<?> timer, Runnable task, long delayMillis) {
		if (timer == null) {
			this.counts.armed();
		}
		else {
			timer.cancel(false);
		}
		return this.session.eventLoop().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
	}

	private ScheduledFuture<?> cancel(ScheduledFuture<?> timer) {
		if (timer != null) {
			timer.cancel(false);
			this.counts.disarmed();
		}
		return null;
	}

	private void sendReceived(Position position) {
		position.deliveredTimer = null;
		this.counts.disarmed();
		if (position.seen > position.delivered) {
			position.delivered = position.seen;
			send("received", position, false);
		}
	}

	private void sendRead(Position position) {
		position.readTimer = null;
		this.counts.disarmed();
		if (position.seen > position.read) {
			position.read = position.seen;
			position.delivered = Math.max(position.delivered, position.seen);
			send("read", position, true);
		}
	}

	private void send(String type, Position position, boolean read) {
		this.frame.setLength(0);
		this.frame.append("{\"type\":\"")
			.append(type)
			.append("\",\"conversationId\":")
			.append(position.conversationId)
			.append(",\"seq\":")
			.append(position.seen)
			.append('}');
		this.session.write(this.frame);
		this.session.flushIfDirty();
		this.counts.sent(read, System.nanoTime());
	}

	/** One conversation's receipt state; loop-confined. */
	private static final class Position {

		final long conversationId;

		/** Highest seq of a message from someone else. */
		long seen;

		/** Highest seq confirmed delivered ({@code received}, or covered by a {@code read}). */
		long delivered;

		/** Highest seq confirmed read. */
		long read;

		ScheduledFuture<?> deliveredTimer;

		ScheduledFuture<?> readTimer;

		Position(long conversationId) {
			this.conversationId = conversationId;
		}

	}

}
