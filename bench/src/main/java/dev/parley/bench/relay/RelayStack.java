package dev.parley.bench.relay;

import java.util.Locale;

/** The server stacks the relay runs on ({@code relay --stack}). */
public enum RelayStack {

	/** Plain Netty: its own pipeline, frames written straight to the channel. */
	NETTY,

	/**
	 * Embedded Tomcat with the {@code jakarta.websocket} API, configured as Parley's
	 * gateway: 1 KB socket buffers, small message buffers, frames handled on Tomcat's
	 * worker threads, sends through {@code getAsyncRemote()} one at a time.
	 */
	TOMCAT,

	/**
	 * Reactor Netty's {@code HttpServer} with its WebSocket API: reads on the event loop,
	 * each session's frames sent through a sink it subscribes to.
	 */
	REACTOR;

	/**
	 * The stack named {@code name} ({@code netty}, {@code tomcat} or {@code reactor}).
	 */
	public static RelayStack named(String name) {
		try {
			return valueOf(name.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("unknown stack " + name + " (netty, tomcat or reactor)");
		}
	}

	public String option() {
		return name().toLowerCase(Locale.ROOT);
	}

}
