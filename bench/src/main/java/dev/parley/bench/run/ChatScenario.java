package dev.parley.bench.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import dev.parley.bench.Options;
import dev.parley.bench.client.Account;
import dev.parley.bench.client.BenchClient;
import dev.parley.bench.client.Protocol;
import dev.parley.bench.client.Session;
import dev.parley.bench.wire.Payload;

/**
 * {@code chat}: U online users, an open-loop aggregate rate R of one-to-one messages, each
 * from the next sender to one of its {@code --peers} (default 10) contacts at random, so
 * direct conversations are reused as in real use, for D seconds after a warm-up.
 */
final class ChatScenario implements Scenario {

	@Override
	public Result run(Target target, Options options, Consumer<String> progress) throws Exception {
		int users = options.integer("users", 1000);
		double rate = options.decimal("rate", 1000);
		double warmup = options.decimal("warmup", 2);
		double duration = options.decimal("duration", 10);
		progress.accept("signing up " + users + " users");
		List<Account> accounts = target.accounts().create(users);
		int peers = Math.min(options.integer("peers", 10), users - 1);
		if (options.bool("prepare", true)) {
			progress.accept("creating the " + users * peers + " direct conversations");
			int[][] pairs = new int[users * peers][];
			for (int i = 0; i < users; i++) {
				for (int k = 0; k < peers; k++) {
					pairs[i * peers + k] = new int[] { i, (i + 1 + k) % users };
				}
			}
			target.accounts().prepareDirects(accounts, pairs);
		}
		List<Session> sessions = new ArrayList<>(users);
		for (int i = 0; i < users; i++) {
			sessions.add(new Session(i, accounts.get(i)));
		}
		DeliveryListener listener = new DeliveryListener();
		try (BenchClient client = new BenchClient(target.wsBase(), target.protocol(), options.integer("threads", 2))) {
			progress.accept("connecting " + users + " sessions");
			client.connectAll(sessions, listener, options.integer("connect-concurrency", 256), i -> null, 120);
			progress.accept(String.format("sending %.0f msg/s for %.0f s (+%.0f s warm-up)", rate, duration, warmup));
			Protocol protocol = target.protocol();
			MessagingRun.MessageWriterFactory writers = tracker -> directWriter(protocol, accounts, peers, tracker);
			MessagingRun run = new MessagingRun(listener, client.receipts(), target.server(),
					(long) (options.decimal("tick-ms", 1) * 1e6));
			MessagingRun.Outcome outcome = run.execute(sessions,
					Audience.direct(), writers, rate, warmup, duration, options.decimal("drain", 10),
					Tracker::settled);
			Map<String, Object> figures = new LinkedHashMap<>();
			new Figures(figures).put("target", options.text("target", "relay"))
				.put("protocol", options.text("protocol", "v1"))
				.put("users", users)
				.put("peers per user", peers)
				.put("rate offered msg/s", rate)
				.put("duration s", duration)
				.outcome(outcome, "delivered msg/s", true)
				.receipts(target.protocol().receipts(), client.receipts().snapshot(), listener, true);
			String verdict = Figures.verdict(outcome.counts(), outcome.settled(), listener.receiptErrors(),
					listener.firstError());
			return new Result("chat", verdict.equals("ok"), verdict, figures);
		}
	}

	/** Each sender writes to one of its {@code peers} neighbours (by index), chosen at random. */
	static MessageWriter directWriter(Protocol protocol, List<Account> accounts, int peers, Tracker tracker) {
		StringBuilder frame = new StringBuilder(160);
		SplittableRandom random = new SplittableRandom();
		int users = accounts.size();
		return (sender, number, intended) -> {
			int recipient = (sender.index() + 1 + random.nextInt(peers)) % users;
			frame.setLength(0);
			protocol.appendDirect(frame, sender.account(), accounts.get(recipient).userId(),
					new Payload(intended, number));
			tracker.sent(number, sender.index(), recipient);
			sender.write(frame);
			if (!protocol.acknowledges()) {
				tracker.acked(number);
			}
		};
	}

}
