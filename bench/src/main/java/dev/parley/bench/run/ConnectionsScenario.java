package dev.parley.bench.run;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import dev.parley.bench.Options;
import dev.parley.bench.client.Account;
import dev.parley.bench.client.BenchClient;
import dev.parley.bench.client.Session;

/**
 * {@code connections}: C idle authenticated WebSocket connections (of U users, default C).
 * Memory per connection = (server RSS after connecting and a forced GC − RSS before,
 * after a forced GC) / C; the JVM heap in use (from {@code jcmd GC.heap_info}) is reported
 * the same way. Sessions bind to 127.0.0.1, 127.0.0.2, … in turns of
 * {@code --per-source-ip} connections, beyond one source address's ephemeral ports.
 */
final class ConnectionsScenario implements Scenario {

	@Override
	public Result run(Target target, Options options, Consumer<String> progress) throws Exception {
		int connections = options.integer("connections", 1000);
		int users = options.integer("users", connections);
		int perSourceIp = options.integer("per-source-ip", 20_000);
		double holdSeconds = options.decimal("hold", 5);
		progress.accept("signing up " + users + " users");
		List<Account> accounts = target.accounts().create(users);
		List<Session> sessions = new ArrayList<>(connections);
		for (int i = 0; i < connections; i++) {
			sessions.add(new Session(i, accounts.get(i % users)));
		}
		ProcessProbe server = target.server();
		ProcessProbe.Sample before = null;
		long heapBefore = -1;
		if (server != null) {
			server.gc();
			before = server.sample();
			heapBefore = server.heapUsedKb();
		}
		IntFunction<InetSocketAddress> local = (connections <= perSourceIp) ? i -> null
				: i -> new InetSocketAddress("127.0.0." + (1 + i / perSourceIp), 0);
		DeliveryListener listener = new DeliveryListener();
		Map<String, Object> figures = new LinkedHashMap<>();
		Figures out = new Figures(figures).put("target", options.text("target", "relay"))
			.put("protocol", options.text("protocol", "v1"))
			.put("connections", connections)
			.put("users", users);
		try (BenchClient client = new BenchClient(target.wsBase(), target.protocol(), options.integer("threads", 2))) {
			progress.accept("connecting " + connections + " sessions");
			long start = System.nanoTime();
			client.connectAll(sessions, listener, options.integer("connect-concurrency", 256), local, 600);
			long connectNanos = System.nanoTime() - start;
			out.put("connect all s", Figures.round(connectNanos / 1e9))
				.put("connects/s", Figures.round(connections / (connectNanos / 1e9)));
			progress.accept("holding " + holdSeconds + " s");
			LockSupport.parkNanos((long) (holdSeconds * 1e9));
			long open = sessions.stream().filter(s -> !s.closed().isDone()).count();
			out.put("still open after hold", open);
			if (server != null) {
				server.gc();
				ProcessProbe.Sample after = server.sample();
				long heapAfter = server.heapUsedKb();
				out.put("server rss before MB", Figures.round(before.rssKb() / 1024.0))
					.put("server rss after MB", Figures.round(after.rssKb() / 1024.0))
					.put("rss per connection KB", Figures.round((after.rssKb() - before.rssKb()) / (double) connections))
					.put("server heap before MB", (heapBefore < 0) ? "n/a" : Figures.round(heapBefore / 1024.0))
					.put("server heap after MB", (heapAfter < 0) ? "n/a" : Figures.round(heapAfter / 1024.0))
					.put("heap per connection KB",
							(heapBefore < 0 || heapAfter < 0) ? "n/a"
									: Figures.round((heapAfter - heapBefore) / (double) connections));
			}
			else {
				out.put("rss per connection KB", "n/a (no --server-pid)");
			}
			out.put("generator rss MB", Figures.round(ProcessProbe.self().sample().rssKb() / 1024.0));
			CompletableFuture.allOf(sessions.stream().map(Session::close).toArray(CompletableFuture[]::new))
				.get(120, TimeUnit.SECONDS);
			boolean correct = open == connections && listener.errors() == 0;
			String verdict = correct ? "ok" : (connections - open) + " connections closed early; errors "
					+ listener.errors() + (listener.firstError() == null ? "" : " first: " + listener.firstError());
			return new Result("connections", correct, verdict, figures);
		}
	}

}
