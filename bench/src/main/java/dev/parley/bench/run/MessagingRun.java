package dev.parley.bench.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import dev.parley.bench.client.ReceiptCounts;
import dev.parley.bench.client.Session;
import io.netty.channel.EventLoop;

/**
 * Sends a run's messages on the open-loop schedule from connected senders, then waits
 * (up to the drain time) until {@code settled} holds and every receipt owed has been sent,
 * and reports what happened. Blocks its caller; the sending happens on the senders' event
 * loops.
 */
final class MessagingRun {

	private final DeliveryListener listener;

	private final ReceiptCounts receipts;

	private final ProcessProbe server;

	private final long tickNanos;

	MessagingRun(DeliveryListener listener, ReceiptCounts receipts, ProcessProbe server, long tickNanos) {
		this.listener = listener;
		this.receipts = receipts;
		this.server = server;
		this.tickNanos = tickNanos;
	}

	/**
	 * @param senders connected sessions that send, round robin per event loop
	 * @param audience who receives what
	 * @param writers one {@link MessageWriter} per event loop
	 * @param rate messages per second, all senders together
	 * @param warmupSeconds sent first and left out of latencies and rates
	 * @param seconds measured sending time
	 * @param drainSeconds how long to wait after the last send for {@code settled}
	 * @param settled when the run is complete
	 */
	Outcome execute(List<Session> senders, Audience audience, MessageWriterFactory writers, double rate,
			double warmupSeconds, double seconds, double drainSeconds, Predicate<Tracker> settled)
			throws InterruptedException {
		int total = (int) Math.round(rate * (warmupSeconds + seconds));
		Tracker tracker = new Tracker(total, (int) Math.ceil(rate * warmupSeconds), audience);
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
		Schedule schedule = new Schedule(start, rate, total);
		Latencies latencies = new Latencies(start + (long) (warmupSeconds * 1e9));
		this.listener.start(tracker, latencies, schedule);
		this.receipts.measureFrom(latencies.measureFromNanos());

		Map<EventLoop, List<Session>> byLoop = new LinkedHashMap<>();
		for (Session sender : senders) {
			byLoop.computeIfAbsent(sender.eventLoop(), loop -> new ArrayList<>()).add(sender);
		}
		CountDownLatch done = new CountDownLatch(byLoop.size());
		List<Pacer> pacers = new ArrayList<>();
		int first = 0;
		MessageWriterFactory factory = writers;
		for (Map.Entry<EventLoop, List<Session>> loop : byLoop.entrySet()) {
			pacers.add(new Pacer(loop.getKey(), loop.getValue(), schedule, first++, byLoop.size(),
					factory.create(tracker), latencies, done, this.tickNanos));
		}
		ProcessProbe.Sample self0 = ProcessProbe.self().sample();
		ProcessProbe.Sample server0 = (this.server != null) ? this.server.sample() : null;
		MachineProbe.Sample machine0 = MachineProbe.sample();
		pacers.forEach(Pacer::start);
		long sendDeadline = schedule.endNanos() + TimeUnit.SECONDS.toNanos(60);
		done.await(Math.max(0, sendDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		long drainDeadline = System.nanoTime() + (long) (drainSeconds * 1e9);
		while (!(settled.test(tracker) && this.receipts.idle()) && System.nanoTime() < drainDeadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
		}
		ProcessProbe.Sample self1 = ProcessProbe.self().sample();
		ProcessProbe.Sample server1 = (this.server != null) ? this.server.sample() : null;
		double steal = MachineProbe.stealPercent(machine0, MachineProbe.sample());
		return new Outcome(schedule, tracker.counts(), latencies.snapshot(), latencies.measuredDeliveries(),
				latencies.measureFromNanos(), tracker.lastDeliveryNanos(), self1.cpuPercentSince(self0),
				(server1 != null) ? server1.cpuPercentSince(server0) : Double.NaN,
				(server1 != null) ? server1.rssKb() : -1, steal, settled.test(tracker));
	}

	/** Makes the per-loop writers of a run once its tracker exists. */
	@FunctionalInterface
	interface MessageWriterFactory {

		MessageWriter create(Tracker tracker);

	}

	/**
	 * @param schedule the schedule followed
	 * @param counts sent, acked, delivered, lost, duplicates
	 * @param latencies the histograms
	 * @param measuredDeliveries deliveries of messages intended after the warm-up
	 * @param measureFromNanos end of the warm-up
	 * @param lastDeliveryNanos time of the last first delivery
	 * @param generatorCpuPercent the bench JVM's CPU over the run, % of one core
	 * @param serverCpuPercent the server's CPU over the run, % of one core (NaN if unwatched)
	 * @param serverRssKb the server's RSS at the end (-1 if unwatched)
	 * @param machineStealPercent share of the machine's CPU time the hypervisor took over
	 * the run (NaN if unknown)
	 * @param settled whether the run completed within the drain time
	 */
	record Outcome(Schedule schedule, Tracker.Counts counts, Latencies.Snapshot latencies, long measuredDeliveries,
			long measureFromNanos, long lastDeliveryNanos, double generatorCpuPercent, double serverCpuPercent,
			long serverRssKb, double machineStealPercent, boolean settled) {

		/** Deliveries per second after the warm-up, up to the last delivery. */
		double deliveredPerSecond() {
			double seconds = (this.lastDeliveryNanos - this.measureFromNanos) / 1e9;
			return (seconds > 0) ? this.measuredDeliveries / seconds : 0;
		}

	}

}
