package dev.parley.bench.relay;

import java.util.concurrent.ConcurrentLinkedQueue;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * A Reactor Netty relay connection: pushed frames go into a unicast sink whose flux the
 * session's outbound sends, in order, flushing when the sink runs dry. Thread-safe: a
 * sink takes one emitter at a time, so emission is serialised on this object.
 */
final class ReactorConnection implements RelayConnection {

	private final boolean seed;

	private final WebsocketOutbound out;

	private final Sinks.Many<String> frames = Sinks.many()
		.unicast()
		.onBackpressureBuffer(new ConcurrentLinkedQueue<>());

	ReactorConnection(boolean seed, WebsocketOutbound out) {
		this.seed = seed;
		this.out = out;
	}

	@Override
	public boolean seed() {
		return this.seed;
	}

	@Override
	public synchronized void push(String text) {
		this.frames.tryEmitNext(text);
	}

	/** What the outbound sends. */
	Flux<String> frames() {
		return this.frames.asFlux();
	}

	/** The session ended: the outbound completes once the sink is drained. */
	synchronized void complete() {
		this.frames.tryEmitComplete();
	}

	@Override
	public void close(int code, String reason) {
		this.out.sendClose(code, reason).subscribe();
	}

}
