package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.parley.bench.relay.RelayServer;
import dev.parley.bench.run.Result;
import dev.parley.bench.run.Scenario;
import dev.parley.bench.run.Target;

/**
 * Short scenario runs against the in-process relay: correctness only (nothing lost or
 * duplicated, every message delivered), never timing.
 */
@Timeout(120)
class RelayCalibrationTest {

	private RelayServer relay;

	private final List<String> progress = new ArrayList<>();

	@BeforeEach
	void startRelay() throws InterruptedException {
		this.relay = RelayServer.start("127.0.0.1", 0, 1);
	}

	@AfterEach
	void stopRelay() {
		this.relay.close();
	}

	@Test
	void chatDeliversEveryMessageExactlyOnce() throws Exception {
		Result result = run("chat", "--users", "20", "--rate", "200", "--duration", "2", "--warmup", "0");

		assertThat(result.correct()).as(result.verdict()).isTrue();
		assertThat(result.figures()).containsEntry("sent", 400L)
			.containsEntry("acked", 400L)
			.containsEntry("delivered", 400L)
			.containsEntry("lost", 0L)
			.containsEntry("duplicates", 0L);
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

	private Result run(String... args) throws Exception {
		List<String> line = new ArrayList<>(List.of(args));
		line.addAll(List.of("--target", "relay", "--url", "http://127.0.0.1:" + this.relay.port(), "--threads", "1"));
		Options options = Options.parse(line.toArray(String[]::new));
		try (Target target = Target.from(options)) {
			return Scenario.named(options.command()).run(target, options, this.progress::add);
		}
	}

}
