package dev.parley.bench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.parley.bench.client.Session;
import io.netty.channel.EventLoop;

/**
 * Drives the open-loop schedule on one event loop: every message number {@code first + k *
 * stride} is written, when due, by the next of this loop's senders (round robin); each
 * wake-up (at most one per tick, 1 ms by default) writes everything due and flushes every
 * touched channel once. Latency is measured from the intended time, so the tick's delay
 * is part of every figure, not hidden. Runs only on its
 * loop; counts {@code done} down after its last message.
 */
final class Pacer implements Runnable {

	private final EventLoop loop;

	private final List<Session> senders;

	private final Schedule schedule;

	private final int stride;

	private final MessageWriter writer;

	private final Latencies latencies;

	private final CountDownLatch done;

	private final long tickNanos;

	private final List<Session> touched = new ArrayList<>();

	private int next;

	private int turn;

	Pacer(EventLoop loop, List<Session> senders, Schedule schedule, int first, int stride, MessageWriter writer,
			Latencies latencies, CountDownLatch done, long tickNanos) {
		this.loop = loop;
		this.senders = senders;
		this.schedule = schedule;
		this.next = first;
		this.stride = stride;
		this.writer = writer;
		this.latencies = latencies;
		this.done = done;
		this.tickNanos = tickNanos;
	}

	void start() {
		this.loop.schedule(this, Math.max(0, this.schedule.intended(this.next) - System.nanoTime()),
				TimeUnit.NANOSECONDS);
	}

	@Override
	public void run() {
		long now = System.nanoTime();
		while (this.next < this.schedule.total()) {
			long intended = this.schedule.intended(this.next);
			if (intended > now) {
				break;
			}
			Session sender = this.senders.get(this.turn);
			this.turn = (this.turn + 1 == this.senders.size()) ? 0 : this.turn + 1;
			this.writer.write(sender, this.next, intended);
			this.touched.add(sender);
			this.latencies.sendLag(intended, now);
			this.next += this.stride;
			if (this.touched.size() >= 512) {
				now = flush();
			}
		}
		flush();
		if (this.next < this.schedule.total()) {
			// Never wake sooner than one tick: shorter timers make the NIO selector spin.
			this.loop.schedule(this, Math.max(this.tickNanos, this.schedule.intended(this.next) - System.nanoTime()),
					TimeUnit.NANOSECONDS);
		}
		else {
			this.done.countDown();
		}
	}

	private long flush() {
		for (Session session : this.touched) {
			session.flushIfDirty();
		}
		this.touched.clear();
		return System.nanoTime();
	}

}
