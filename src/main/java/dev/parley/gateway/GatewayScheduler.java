package dev.parley.gateway;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The gateway's own threads: one scheduler thread ({@code parley-gateway-timer}) for auth
 * timeouts and periodic flushes, a small pool ({@code parley-resume-N}) that replays
 * missed events from the database, two threads ({@code parley-close-N}) that close the
 * sockets of clients dropped while frames were going out. All are shut down with the
 * context.
 */
@Component
class GatewayScheduler implements DisposableBean {

	/** The {@code parley-resume-N} threads, each running one replay after another. */
	static final int RESUME_THREADS = 4;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "parley-gateway-timer");
		thread.setDaemon(true);
		return thread;
	});

	private final ExecutorService resume = pool("parley-resume-", RESUME_THREADS);

	private final ExecutorService close = pool("parley-close-", 2);

	private static ExecutorService pool(String prefix, int threads) {
		AtomicInteger counter = new AtomicInteger();
		return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), (task) -> {
			Thread thread = new Thread(task, prefix + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	ScheduledExecutorService executor() {
		return this.timer;
	}

	ExecutorService resumeExecutor() {
		return this.resume;
	}

	ExecutorService closeExecutor() {
		return this.close;
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
		this.resume.shutdownNow();
		this.close.shutdownNow();
	}

}
