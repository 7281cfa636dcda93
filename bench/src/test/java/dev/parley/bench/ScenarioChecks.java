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
 * message delivered), never timing.
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
	void groupReachesEveryOtherMemberExactlyOnce() throws Exception {
		Result result = run("group", "--groups", "2", "--group-size", "10", "--rate", "50", "--duration", "2",
				"--warmup", "0");

		assertThat(result.correct()).as(result.verdict()).isTrue();
		assertThat(result.figures()).containsEntry("sent", 100L)
			.containsEntry("deliveries expected", 900L)
			.containsEntry("delivered", 900L)
			.containsEntry("duplicates", 0L);
	}

	@Test
	void resumedClientsReceiveWhatTheyMissed() throws Exception {
		Result result = run("resume", "--clients", "20", "--messages", "5", "--senders", "2", "--rate", "500");

		assertThat(result.correct()).as(result.verdict()).isTrue();
		assertThat(result.figures()).containsEntry("delivered", 100L).containsEntry("clients caught up", 20L);
	}

	@Test
	void seedProtocolDeliversEveryMessageExactlyOnce() throws Exception {
		Result result = run("chat", "--protocol", "seed", "--users", "10", "--rate", "100", "--duration", "1",
				"--warmup", "0");

		assertThat(result.correct()).as(result.verdict()).isTrue();
		assertThat(result.figures()).containsEntry("sent", 100L).containsEntry("delivered", 100L);
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
