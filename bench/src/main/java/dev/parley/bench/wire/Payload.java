package dev.parley.bench.wire;

/**
 * What the bench writes into a message body: the intended send time (the generator JVM's
 * {@link System#nanoTime()}) and the run-wide message number, as {@code t=<nanos>;n=<n>}.
 * The recipient measures latency from the intended time, so a late send still counts its
 * full delay (no coordinated omission).
 *
 * @param intendedNanos when the open-loop schedule wanted the message sent
 * @param number the message number, unique in the run
 */
public record Payload(long intendedNanos, int number) {

	/** Appends the body text of this payload. */
	public void appendTo(StringBuilder out) {
		out.append("t=").append(this.intendedNanos).append(";n=").append(this.number);
	}

	/** Reads a body written by {@link #appendTo}, or returns {@code null} for a foreign one. */
	public static Payload parse(String body) {
		if (body == null || !body.startsWith("t=")) {
			return null;
		}
		int separator = body.indexOf(";n=");
		if (separator < 0) {
			return null;
		}
		try {
			return new Payload(Long.parseLong(body, 2, separator, 10),
					Integer.parseInt(body, separator + 3, body.length(), 10));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
