package dev.parley.bench.run;

import java.util.function.Consumer;

import dev.parley.bench.Options;

/** One benchmark scenario: runs against a target and returns its figures. Blocks. */
public interface Scenario {

	Result run(Target target, Options options, Consumer<String> progress) throws Exception;

	/** The scenario of a subcommand. */
	static Scenario named(String name) {
		return switch (name) {
			case "chat" -> new ChatScenario();
			case "group" -> new GroupScenario();
			case "connections" -> new ConnectionsScenario();
			case "resume" -> new ResumeScenario();
			default -> throw new IllegalArgumentException("unknown scenario " + name);
		};
	}

}
