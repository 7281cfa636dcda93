package dev.parley.bench.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import dev.parley.bench.Options;
import dev.parley.bench.client.Account;
import dev.parley.bench.client.BenchClient;
import dev.parley.bench.client.Protocol;
import dev.parley.bench.client.Session;
import dev.parley.bench.client.SessionListener;
import dev.parley.bench.wire.Frame;
import dev.parley.bench.wire.Payload;

/**
 * {@code resume}: K clients connect and disconnect; S senders send M messages to each of
 * them (waiting for every ack); then all K reconnect at once (v1: {@code resume} with no
 * positions). Reports the time until every client has all its M messages (and, on v1,
 * {@code synced}), per-client catch-up percentiles, loss and duplicates, and the receipts
 * the clients sent for what they caught up on.
 */
final class ResumeScenario implements Scenario {

	@Override
	public Result run(Target target, Options options, Consumer<String> progress) throws Exception {
		int clients = options.integer("clients", 1000);
		int perClient = options.integer("messages", 10);
		int senderCount = options.integer("senders", 10);
		double rate = options.decimal("rate", 2000);
		double drain = options.decimal("drain", 30);
		progress.accept("signing up " + (clients + senderCount) + " users");
		List<Account> accounts = target.accounts().create(clients + senderCount);
		List<Session> recipients = new ArrayList<>();
		List<Session> senders = new ArrayList<>();
		for (int i = 0; i < clients + senderCount; i++) {
			(i < clients ? recipients : senders).add(new Session(i, accounts.get(i)));
		}
		DeliveryListener deliveries = new DeliveryListener();
		CatchUp catchUp = new CatchUp(deliveries, perClient, clients);
		Protocol protocol = target.protocol();
		int concurrency = options.integer("connect-concurrency", 1000);
		try (BenchClient client = new BenchClient(target.wsBase(), protocol, options.integer("threads", 2))) {
			progress.accept("connecting " + (clients + senderCount) + " sessions, then closing " + clients);
			List<Session> all = new ArrayList<>(recipients);
			all.addAll(senders);
			client.connectAll(all, catchUp, concurrency, i -> null, 120);
			CompletableFuture.allOf(recipients.stream().map(Session::close).toArray(CompletableFuture[]::new))
				.get(60, TimeUnit.SECONDS);

			int total = clients * perClient;
			progress.accept("sending " + total + " messages to the offline clients");
			MessagingRun.MessageWriterFactory writers = tracker -> {
				StringBuilder frame = new StringBuilder(160);
				return (sender, number, intended) -> {
					int recipient = number % clients;
					frame.setLength(0);
					protocol.appendDirect(frame, sender.account(), accounts.get(recipient).userId(),
							new Payload(intended, number));
					tracker.sent(number, sender.index(), recipient);
					sender.write(frame);
					if (!protocol.acknowledges()) {
						tracker.acked(number);
					}
				};
			};
			MessagingRun run = new MessagingRun(deliveries, client.receipts(), target.server(),
					(long) (options.decimal("tick-ms", 1) * 1e6));
			MessagingRun.Outcome sending = run.execute(senders, Audience.direct(), writers, rate, 0, total / rate, 30,
					tracker -> tracker.counts().unanswered() == 0);
			Tracker tracker = deliveries.tracker();

			progress.accept("reconnecting " + clients + " clients at once");
			List<Session> back = new ArrayList<>();
			for (Session gone : recipients) {
				back.add(new Session(gone.index(), gone.account()));
			}
			long start = System.nanoTime();
			catchUp.start(start);
			client.connectAll(back, catchUp, concurrency, i -> null, 120);
			boolean caughtUp = catchUp.done.await((long) (drain * 1e9), TimeUnit.NANOSECONDS);
			long elapsed = catchUp.lastNanos() - start;
			// the receipts for the last messages caught up, as their debounce fires
			long receiptsDeadline = start + (long) (drain * 1e9);
			while (!client.receipts().idle() && System.nanoTime() < receiptsDeadline) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
			}
			Tracker.Counts counts = tracker.counts();
			Histogram perClientCatchUp = catchUp.times.getIntervalHistogram();
			Map<String, Object> figures = new LinkedHashMap<>();
			new Figures(figures).put("target", options.text("target", "relay"))
				.put("protocol", options.text("protocol", "v1"))
				.put("clients", clients)
				.put("messages per client", perClient)
				.counts(counts)
				.put("send phase s", Figures.round(total / rate))
				.latency("ack (send phase)", sending.latencies().ack(), false)
				.put("all caught up in ms", caughtUp ? Figures.ms(elapsed) : "not within " + drain + " s")
				.latency("client catch-up", perClientCatchUp, false)
				.put("clients caught up", clients - catchUp.done.getCount())
				.receipts(protocol.receipts(), client.receipts().snapshot(), deliveries, false);
			String verdict = Figures.verdict(counts, caughtUp, deliveries.receiptErrors(), deliveries.firstError());
			return new Result("resume", verdict.equals("ok"), verdict, figures);
		}
	}

	/**
	 * Counts each reconnected client's deliveries and records when it has all of them (and,
	 * on v1, {@code synced}). Thread-safe.
	 */
	private static final class CatchUp implements SessionListener {

		private final DeliveryListener deliveries;

		private final int perClient;

		private final CountDownLatch done;

		private final Recorder times = new Recorder(3_600_000_000_000L, 3);

		private final java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong();

		private volatile long startNanos = -1;

		private final java.util.Set<Integer> finished = java.util.concurrent.ConcurrentHashMap.newKeySet();

		CatchUp(DeliveryListener deliveries, int perClient, int clients) {
			this.deliveries = deliveries;
			this.perClient = perClient;
			this.done = new CountDownLatch(clients);
		}

		void start(long nanos) {
			this.startNanos = nanos;
		}

		long lastNanos() {
			return this.last.get();
		}

		@Override
		public void onFrame(Session session, Frame frame, long nowNanos) {
			this.deliveries.onFrame(session, frame, nowNanos);
			if (this.startNanos < 0 || session.received() < this.perClient || !session.ready().isDone()
					|| !this.finished.add(session.index())) {
				return;
			}
			this.times.recordValue(nowNanos - this.startNanos);
			this.last.accumulateAndGet(nowNanos, Math::max);
			this.done.countDown();
		}

	}

}
