package dev.parley.bench.run;

/**
 * The open-loop schedule: message {@code n} is due at {@code startNanos + n / rate}, whatever
 * happened to earlier messages.
 *
 * @param startNanos when message 0 is due ({@link System#nanoTime()})
 * @param ratePerSecond messages per second, all senders together
 * @param total messages in the run
 */
public record Schedule(long startNanos, double ratePerSecond, int total) {

	public long intended(int number) {
		return this.startNanos + (long) (number * 1e9 / this.ratePerSecond);
	}

	public long endNanos() {
		return intended(this.total);
	}

}
