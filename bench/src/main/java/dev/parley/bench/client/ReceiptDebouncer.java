package dev.parley.bench.client;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one session's receipts as the web client does ({@code messenger.js}:
 * {@code sendReceived}, {@code markReadSoon}, {@code debounce}): per conversation, each
 * message from someone else that raises the highest {@code seq} seen restarts a trailing
 * timer; when it fires, the highest {@code seq} is sent if it moves the position forward.
 * <p>
 * {@link ReceiptMode#DELIVERED}: {@code received} after {@value #RECEIVED_DELAY_MILLIS}
 * ms. {@link ReceiptMode#READ} (the conversation is open): {@code read} after
 * {@value #READ_DELAY_MILLIS} ms. The web client also restarts its {@code received} timer
 * then, but a read receipt confirms the delivery too (in the client and on the server),
 * so that timer, firing 50 ms after the {@code read} one, always finds nothing new: it is
 * not armed here. A session's own messages never cause a receipt.
 * <p>
 * Threading: loop-confined to the session's channel; its timers run on that event loop.
 */
final class ReceiptDebouncer {

	static final long RECEIVED_DELAY_MILLIS = 150;

	static final long READ_DELAY_MILLIS = 100;

	private final Session session;

	private final boolean read;

	private final long delayMillis;

	private final ReceiptCounts counts;

	private final Map<Long, Position> conversations = new HashMap<>();

	private final StringBuilder frame = new StringBuilder(80);

	/**
	 * @param mode {@link ReceiptMode#DELIVERED} or {@link ReceiptMode#READ}
	 */
	ReceiptDebouncer(Session session, ReceiptMode mode, ReceiptCounts counts) {
		if (mode == ReceiptMode.NONE) {
			throw new IllegalArgumentException("no receipts to send");
		}
		this.session = session;
		this.read = mode == ReceiptMode.READ;
		this.delayMillis = this.read ? READ_DELAY_MILLIS : RECEIVED_DELAY_MILLIS;
		this.counts = counts;
	}

	/** A {@code message} arrived; {@code senderId} may be this session's own user. */
	void onMessage(long conversationId, long seq, long senderId) {
		if (senderId == this.session.account().userId() || conversationId < 1 || seq < 1) {
			return;
		}
		Position position = this.conversations.computeIfAbsent(conversationId, Position::new);
		if (seq <= position.seen) {
			return;
		}
		position.seen = seq;
		if (position.timer == null) {
			this.counts.armed();
		}
		else {
			position.timer.cancel(false);
		}
		position.timer = this.session.eventLoop()
			.schedule(() -> fire(position), this.delayMillis, TimeUnit.MILLISECONDS);
	}

	/** The channel closed: drops every waiting timer. */
	void close() {
		for (Position position : this.conversations.values()) {
			if (position.timer != null) {
				position.timer.cancel(false);
				position.timer = null;
				this.counts.disarmed();
			}
		}
	}

	private void fire(Position position) {
		position.timer = null;
		this.counts.disarmed();
		if (position.seen <= position.confirmed) {
			return;
		}
		position.confirmed = position.seen;
		this.frame.setLength(0);
		this.frame.append(this.read ? "{\"type\":\"read\"" : "{\"type\":\"received\"")
			.append(",\"conversationId\":")
			.append(position.conversationId)
			.append(",\"seq\":")
			.append(position.seen)
			.append('}');
		this.session.write(this.frame);
		this.session.flushIfDirty();
		this.counts.sent(this.read, System.nanoTime());
	}

	/** One conversation's receipt state; loop-confined. */
	private static final class Position {

		final long conversationId;

		/** Highest seq of a message from someone else. */
		long seen;

		/** Highest seq this session's receipts confirmed. */
		long confirmed;

		ScheduledFuture<?> timer;

		Position(long conversationId) {
			this.conversationId = conversationId;
		}

	}

}
