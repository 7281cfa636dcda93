package dev.parley.bench.client;

import java.util.BitSet;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * One bench WebSocket connection of one account. After connection its channel, and the
 * fields documented as loop-confined, are used only on the channel's event loop; the
 * futures and {@link #received()} may be read from any thread.
 */
public final class Session {

	private final int index;

	private final Account account;

	private final CompletableFuture<Session> ready = new CompletableFuture<>();

	private final CompletableFuture<Void> closed = new CompletableFuture<>();

	private volatile Channel channel;

	private volatile int received;

	/** Loop-confined: message numbers seen here (used where a message has many recipients). */
	private final BitSet seen = new BitSet();

	/** Loop-confined: written to since the last flush. */
	private boolean dirty;

	/**
	 * @param index the account's position in the scenario (0-based)
	 * @param account the signed-in user
	 */
	public Session(int index, Account account) {
		this.index = index;
		this.account = account;
	}

	public int index() {
		return this.index;
	}

	public Account account() {
		return this.account;
	}

	/** Completes once the session can receive (after {@code synced} on v1). */
	public CompletableFuture<Session> ready() {
		return this.ready;
	}

	/** Completes when the connection has closed. */
	public CompletableFuture<Void> closed() {
		return this.closed;
	}

	public EventLoop eventLoop() {
		return this.channel.eventLoop();
	}

	void attach(Channel channel) {
		this.channel = channel;
	}

	/** Loop-confined: writes one text frame (not flushed) holding {@code text} (ASCII). */
	public void write(CharSequence text) {
		ByteBuf buf = this.channel.alloc().buffer(text.length());
		ByteBufUtil.writeAscii(buf, text);
		this.channel.write(new TextWebSocketFrame(buf), this.channel.voidPromise());
		this.dirty = true;
	}

	/** Loop-confined: flushes if anything was written since the last flush. */
	public void flushIfDirty() {
		if (this.dirty) {
			this.dirty = false;
			this.channel.flush();
		}
	}

	/** Loop-confined: records message {@code number} as seen, returning whether it was new. */
	public boolean firstSight(int number) {
		if (this.seen.get(number)) {
			return false;
		}
		this.seen.set(number);
		return true;
	}

	/** Loop-confined: counts one message received; returns the new count. */
	public int countReceived() {
		int count = this.received + 1;
		this.received = count;
		return count;
	}

	public int received() {
		return this.received;
	}

	/** Closes the connection (any thread). */
	public CompletableFuture<Void> close() {
		Channel current = this.channel;
		if (current == null) {
			this.closed.complete(null);
		}
		else {
			current.close();
		}
		return this.closed;
	}

}
