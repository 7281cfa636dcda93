package dev.parley.bench.run;

import java.util.Map;

import org.HdrHistogram.Histogram;

import dev.parley.bench.client.ReceiptCounts;
import dev.parley.bench.client.ReceiptMode;

/**
 * Adds common figures (latency percentiles in ms, counts, receipts, CPU) to a result's
 * figure map.
 */
final class Figures {

	private final Map<String, Object> figures;

	Figures(Map<String, Object> figures) {
		this.figures = figures;
	}

	Figures put(String name, Object value) {
		this.figures.put(name, value);
		return this;
	}

	Figures latency(String prefix, Histogram histogram, boolean full) {
		put(prefix + " p50 ms", ms(histogram.getValueAtPercentile(50)));
		if (full) {
			put(prefix + " p90 ms", ms(histogram.getValueAtPercentile(90)));
		}
		put(prefix + " p99 ms", ms(histogram.getValueAtPercentile(99)));
		if (full) {
			put(prefix + " p99.9 ms", ms(histogram.getValueAtPercentile(99.9)));
		}
		put(prefix + " max ms", ms(histogram.getMaxValue()));
		return this;
	}

	Figures counts(Tracker.Counts counts) {
		put("sent", counts.sent()).put("acked", counts.acked())
			.put("rejected", counts.rejected())
			.put("rejected in warmup", counts.rejectedInWarmup())
			.put("unanswered", counts.unanswered())
			.put("deliveries expected", counts.expected())
			.put("delivered", counts.delivered())
			.put("lost", counts.lost())
			.put("duplicates", counts.duplicates())
			.put("misrouted", counts.misrouted());
		return this;
	}

	Figures outcome(MessagingRun.Outcome outcome, String rateName, boolean fullLatency) {
		counts(outcome.counts());
		put(rateName, round(outcome.deliveredPerSecond()));
		latency("latency", outcome.latencies().delivery(), fullLatency);
		latency("ack", outcome.latencies().ack(), false);
		put("generator send lag p99 ms", ms(outcome.latencies().sendLag().getValueAtPercentile(99)));
		put("generator cpu %", round(outcome.generatorCpuPercent()));
		put("server cpu %", Double.isNaN(outcome.serverCpuPercent()) ? "n/a" : round(outcome.serverCpuPercent()));
		put("server rss MB", (outcome.serverRssKb() < 0) ? "n/a" : round(outcome.serverRssKb() / 1024.0));
		put("machine steal %",
				Double.isNaN(outcome.machineStealPercent()) ? "n/a" : round(outcome.machineStealPercent()));
		return this;
	}

	/**
	 * The receipts the sessions sent ({@code mode}: {@code none}, {@code delivered} or
	 * {@code read}), those the server refused, and the {@code receipt} events received;
	 * with {@code rate}, also receipts per second after the warm-up.
	 */
	Figures receipts(ReceiptMode mode, ReceiptCounts.Snapshot sent, DeliveryListener listener, boolean rate) {
		put("receipts", mode.option()).put("receipts sent", sent.total())
			.put("delivery receipts sent", sent.delivered())
			.put("read receipts sent", sent.read());
		if (rate) {
			put("receipts/s", round(sent.perSecond()));
		}
		put("receipt errors", listener.receiptErrors()).put("receipt events received", listener.receiptEvents());
		return this;
	}

	static double ms(long nanos) {
		return Math.round(nanos / 10_000.0) / 100.0;
	}

	static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

	/**
	 * {@code "ok"} when nothing was lost, duplicated, misrouted, refused (messages or
	 * receipts) or left unanswered and the run settled; otherwise why not.
	 */
	static String verdict(Tracker.Counts counts, boolean settled, long receiptErrors, String firstError) {
		if (counts.correct() && settled && receiptErrors == 0) {
			return "ok";
		}
		StringBuilder why = new StringBuilder();
		if (!settled) {
			why.append("not settled within the drain time; ");
		}
		why.append("lost=").append(counts.lost()).append(" duplicates=").append(counts.duplicates())
			.append(" misrouted=").append(counts.misrouted()).append(" rejected=").append(counts.rejected())
			.append(" (in warm-up: ").append(counts.rejectedInWarmup()).append(')')
			.append(" unanswered=").append(counts.unanswered())
			.append(" receipt errors=").append(receiptErrors);
		if (firstError != null) {
			why.append(" first error: ").append(firstError);
		}
		return why.toString();
	}

}
