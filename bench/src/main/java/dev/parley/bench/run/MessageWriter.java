package dev.parley.bench.run;

import dev.parley.bench.client.Session;

/**
 * Writes one scheduled message from a sender (choosing its target) and records it as sent.
 * One instance per pacer, so it may keep thread-confined buffers.
 */
@FunctionalInterface
public interface MessageWriter {

	void write(Session sender, int number, long intendedNanos);

}
