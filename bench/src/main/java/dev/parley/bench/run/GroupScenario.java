package dev.parley.bench.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.parley.bench.Options;
import dev.parley.bench.client.Account;
import dev.parley.bench.client.BenchClient;
import dev.parley.bench.client.Protocol;
import dev.parley.bench.client.Session;
import dev.parley.bench.wire.Payload;

/**
 * {@code group}: G groups of N online members each (distinct users); an open-loop rate R
 * of group messages, each from the next sender to its own group; every other member
 * should receive it. Reports fan-out deliveries per second and latency per delivery.
 */
final class GroupScenario implements Scenario {

	@Override
	public Result run(Target target, Options options, Consumer<String> progress) throws Exception {
		int groups = options.integer("groups", 1);
		int size = options.integer("group-size", 100);
		double rate = options.decimal("rate", 10);
		double warmup = options.decimal("warmup", 2);
		double duration = options.decimal("duration", 10);
		int users = groups * size;
		progress.accept("signing up " + users + " users");
		List<Account> accounts = target.accounts().create(users);
		long[] conversationIds = new long[groups];
		int[] groupOf = new int[users];
		for (int g = 0; g < groups; g++) {
			List<Account> members = accounts.subList(g * size, (g + 1) * size);
			conversationIds[g] = target.accounts().createGroup(members.get(0), members.subList(1, size));
			for (int i = g * size; i < (g + 1) * size; i++) {
				groupOf[i] = g;
			}
		}
		progress.accept("created " + groups + " groups of " + size);
		List<Session> sessions = new ArrayList<>(users);
		for (int i = 0; i < users; i++) {
			sessions.add(new Session(i, accounts.get(i)));
		}
		DeliveryListener listener = new DeliveryListener();
		try (BenchClient client = new BenchClient(target.wsBase(), target.protocol(), options.integer("threads", 2))) {
			progress.accept("connecting " + users + " sessions");
			client.connectAll(sessions, listener, options.integer("connect-concurrency", 256), i -> null, 120);
			progress.accept(String.format("sending %.0f msg/s to groups for %.0f s (+%.0f s warm-up)", rate,
					duration, warmup));
			Protocol protocol = target.protocol();
			MessagingRun.MessageWriterFactory writers = tracker -> {
				StringBuilder frame = new StringBuilder(160);
				return (sender, number, intended) -> {
					int group = groupOf[sender.index()];
					frame.setLength(0);
					protocol.appendGroup(frame, sender.account(), conversationIds[group], new Payload(intended, number));
					tracker.sent(number, sender.index(), group);
					sender.write(frame);
				};
			};
			MessagingRun run = new MessagingRun(listener, client.receipts(), target.server(),
					(long) (options.decimal("tick-ms", 1) * 1e6));
			MessagingRun.Outcome outcome = run.execute(sessions,
					Audience.groups(groupOf, size), writers, rate, warmup, duration, options.decimal("drain", 10),
					Tracker::settled);
			Map<String, Object> figures = new LinkedHashMap<>();
			new Figures(figures).put("target", options.text("target", "relay"))
				.put("groups", groups)
				.put("group size", size)
				.put("rate offered msg/s", rate)
				.put("duration s", duration)
				.outcome(outcome, "deliveries/s", true)
				.receipts(target.protocol().receipts(), client.receipts().snapshot(), listener, true);
			String verdict = Figures.verdict(outcome.counts(), outcome.settled(), listener.receiptErrors(),
					listener.firstError());
			return new Result("group", verdict.equals("ok"), verdict, figures);
		}
	}

}
