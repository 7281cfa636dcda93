package dev.parley.bench;

import dev.parley.bench.relay.RelayServer;
import dev.parley.bench.relay.RelayStack;
import dev.parley.bench.run.Result;
import dev.parley.bench.run.Scenario;
import dev.parley.bench.run.Target;

/**
 * The command line: {@code relay} runs the calibration relay; {@code chat}, {@code group},
 * {@code connections} and {@code resume} run a scenario and exit 0 when it was correct
 * (no loss, duplicates or refusals), 1 when not, 2 on a usage or setup error. See
 * {@code bench/README.md}.
 */
public final class BenchCli {

	private BenchCli() {
	}

	public static void main(String[] args) {
		System.exit(run(Output.console(), args));
	}

	/** Runs one command; returns the process exit code. */
	public static int run(Output output, String... args) {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			output.progress(ex.getMessage() + "\n" + usage());
			return 2;
		}
		try {
			if (options.command().equals("relay")) {
				RelayStack stack = RelayStack.named(options.text("stack", "netty"));
				RelayServer relay = RelayServer.start(stack, options.text("host", "127.0.0.1"),
						options.integer("port", 8090), options.integer("threads", 1));
				output.progress("relay on " + stack.option() + " listening on " + options.text("host", "127.0.0.1")
						+ ":" + relay.port() + " (pid " + ProcessHandle.current().pid() + ")");
				relay.awaitClose();
				return 0;
			}
			Scenario scenario = Scenario.named(options.command());
			try (Target target = Target.from(options)) {
				Result result = scenario.run(target, options, output::progress);
				output.result(result);
				return result.correct() ? 0 : 1;
			}
		}
		catch (IllegalArgumentException ex) {
			output.progress(ex.getMessage() + "\n" + usage());
			return 2;
		}
		catch (Exception ex) {
			output.progress("failed: " + ex);
			return 2;
		}
	}

	static String usage() {
		return """
				usage: java -jar parley-bench.jar <command> [--option value ...]
				  relay        [--stack netty|tomcat|reactor] [--port 8090] [--threads 1]
				  chat         [--users 1000] [--rate 1000] [--duration 10] [--warmup 2] [--drain 10]
				  group        [--groups 1] [--group-size 100] [--rate 10] [--duration 10] [--warmup 2]
				  connections  [--connections 1000] [--users C] [--hold 5] [--per-source-ip 20000]
				  resume       [--clients 1000] [--messages 10] [--senders 10] [--rate 2000] [--drain 30]
				common: --target relay|parley  --url http://127.0.0.1:8080  --protocol v1|seed
				        --receipts read|delivered|none (v1; default read)
				        --threads 2  --server-pid PID  --connect-concurrency 256  --relay-threads 1
				        --relay-stack netty|tomcat|reactor (the relay started in the bench's JVM)""";
	}

}
