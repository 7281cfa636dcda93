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
 * timeouts and periodic flushes, and a small pool ({@code parley-resume-N}) that replays
 * missed events from the database. Both are shut down with the context.
 */
@Component
class GatewayScheduler implements DisposableBean {

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "parley-gateway-timer");
		thread.setDaemon(true);
		return thread;
	});

	private final ExecutorService resume;

	GatewayScheduler() {
		AtomicInteger counter = new AtomicInteger();
		this.resume = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), (task) -> {
			Thread thread = new Thread(task, "parley-resume-" + counter.incrementAndGet());
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

	@Override
	public void destroy() {
		this.timer.shutdownNow();
		this.resume.shutdownNow();
	}

}
