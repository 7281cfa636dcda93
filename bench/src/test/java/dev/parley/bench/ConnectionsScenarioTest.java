package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.parley.bench.relay.RelayStack;
import dev.parley.bench.run.Result;
import dev.parley.bench.run.Scenario;
import dev.parley.bench.run.Target;

/**
 * The {@code connections} scenario on each relay stack, watching this JVM as the server:
 * every session connects from two source addresses, authenticates and stays open, and
 * the memory figures (RSS and heap after a forced GC, before and after) are read, not
 * left out. Correctness only: the figures of a shared JVM mean nothing.
 */
@Timeout(120)
class ConnectionsScenarioTest {

	@ParameterizedTest
	@EnumSource(RelayStack.class)
	void holdsEveryConnectionOpenAndReadsTheServersMemory(RelayStack stack) throws Exception {
		Options options = Options.parse("connections", "--relay-stack", stack.option(), "--connections", "200",
				"--per-source-ip", "100", "--hold", "0.2", "--threads", "1", "--server-pid",
				Long.toString(ProcessHandle.current().pid()));
		Result result;
		try (Target target = Target.from(options)) {
			result = Scenario.named("connections").run(target, options, (progress) -> {
			});
		}

		assertThat(result.correct()).as(result.verdict()).isTrue();
		assertThat(result.figures()).containsEntry("still open after hold", 200L);
		assertThat(result.figures().get("heap per connection KB")).isInstanceOf(Double.class);
		assertThat(result.figures().get("rss per connection KB")).isInstanceOf(Double.class);
		assertThat((Double) result.figures().get("server heap after MB")).isPositive();
	}

}
