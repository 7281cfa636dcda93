package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.bench.run.Result;
import dev.parley.bench.run.Scenario;
import dev.parley.bench.run.Target;

/**
 * Short runs of the messaging scenarios against one target (given by {@link #url()} and
 * {@link #target()}): correctness only (nothing lost, duplicated or refused, every
 * message delivered, receipts sent as the web client sends them), never timing.
 */
abstract class ScenarioChecks {

	/** The target's base address. */
	abstract String url();

	/** The {@code --target} option: {@code relay} or {@code parley}. */
	abstract String target();

	@Test
	void chatDeliversEveryMessageExactlyOnce() throws Exception {
		Result result = run("chat", "--users", "20", "--rate", "200", "--duration", "2", "--warmup", "0");

		assertThat(result.correct()).as(result.verdict()).isTrue();
		assertThat(result.figures()).containsEntry("sent", 400L)
			.containsEntry("acked", 400L)
			.containsEntry("delivered", 400L)
			.containsEntry("lost", 0L)
			.containsEntry("duplicates", 0L)
			.containsEntry("rejected", 0L);
	}

	@Test
	void chatConfirmsWhatOthersSentWithReadReceipts() throws Exception {
		Result result = run("chat", "--users", "20", "--rate", "200", "--duration", "2", "--warmup", "0");

		assertThat(result.correct()).as(result.verdict()).isTrue();
		assertThat(result.figures()).containsEntry("receipts", "read")
			.containsEntry("delivery receipts sent", 0L)
			.containsEntry("receipt errors", 0L);
		// one receipt per message at most: only others' messages raise a conversation's position
		assertThat((long) result.figures().get("receipts sent")).isPositive().isLessThanOrEqualTo(400L);
		assertThat((long) result.figures().get("read receipts sent")).isEqualTo(result.figures().get("receipts sent"));
		assertThat((long) result.figures().get("receipt events received")).isPositive();
	}

	@Test
	void receiptsWaitForABurstOfMessagesToPause() throws Exception {
		// two users, one conversation: each receives a message every 20 ms, within the 150 ms debounce
		Result result = run("chat", "--users", "2", "--peers", "1", "--rate", "100", "--duration", "2", "--warmup", "0",
				"--receipts", "delivered");

		assertThat(result.correct()).as(result.verdict()).isTrue();
		assertThat(result.figures()).containsEntry("delivered", 200L)
			.containsEntry("receipts", "delivered")
			.containsEntry("read receipts sent", 0L)
			.containsEntry("receipt errors", 0L);
		// at least each user's receipt after the last message, far fewer than one per message
		assertThat((long) result.figures().get("delivery receipts sent")).isBetween(2L, 99L);
	}

	@Test
	void noReceiptsWhenTurnedOff() throws Exception {
		Result result = run("chat", "--users", "20", "--rate", "200", "--duration", "2", "--warmup", "0", "--receipts",
				"none");

		assertThat(result.correct()).as(result.verdict()).isTrue();
		assertThat(result.figures()).containsEntry("delivered", 400L)
			.containsEntry("receipts", "none")
			.containsEntry("receipts sent", 0L)
			.containsEntry("receipt events received", 0L);
	}

	@Test
	void groupReachesEveryOtherMemberExactlyOnce() throws Exception {
		Result result = run("group", "--groups", "2", "--group-size", "10", "--rate", "50", "--duration", "2",
				"--warmup", "0");

		assertThat(result.correct()).as(result.verdict()).isTrue();
		assertThat(result.figures()).containsEntry("sent", 100L)
			.containsEntry("deliveries expected", 900L)
			.containsEntry("delivered", 900L)
			.containsEntry("duplicates", 0L)
			.containsEntry("receipt errors", 0L);
		// every member confirms at least the group's last message, and far from every delivery
		assertThat((long) result.figures().get("receipts sent")).isBetween(20L, 899L);
	}

	@Test
	void resumedClientsReceiveWhatTheyMissed() throws Exception {
		Result result = run("resume", "--clients", "20", "--messages", "5", "--senders", "2", "--rate", "500");

		assertThat(result.correct()).as(result.verdict()).isTrue();
		assertThat(result.figures()).containsEntry("delivered", 100L)
			.containsEntry("clients caught up", 20L)
			.containsEntry("receipt errors", 0L);
		// each client confirms what it caught up on, once the replay pauses
		assertThat((long) result.figures().get("receipts sent")).isGreaterThanOrEqualTo(20L);
	}

	@Test
	void seedProtocolDeliversEveryMessageExactlyOnce() throws Exception {
		Result result = run("chat", "--protocol", "seed", "--users", "10", "--rate", "100", "--duration", "1",
				"--warmup", "0");

		assertThat(result.correct()).as(result.verdict()).isTrue();
		assertThat(result.figures()).containsEntry("sent", 100L)
			.containsEntry("delivered", 100L)
			.containsEntry("receipts", "none")
			.containsEntry("receipts sent", 0L);
	}

	Result run(String... args) throws Exception {
		List<String> line = new ArrayList<>(List.of(args));
		line.addAll(List.of("--target", target(), "--url", url(), "--threads", "1"));
		Options options = Options.parse(line.toArray(String[]::new));
		try (Target target = Target.from(options)) {
			return Scenario.named(options.command()).run(target, options, (progress) -> {
			});
		}
	}

}
