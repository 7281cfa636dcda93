package dev.parley.bench;

import java.io.PrintStream;
import java.util.Map;

import dev.parley.bench.run.Result;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything the CLI prints: progress lines on stderr, the result as a readable table and
 * as one JSON line on stdout. The only class writing to the console.
 */
public final class Output {

	private final PrintStream out;

	private final PrintStream err;

	private final JsonMapper json = JsonMapper.builder().build();

	public Output(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/** The console. */
	public static Output console() {
		return new Output(System.out, System.err);
	}

	public void progress(String line) {
		this.err.println("[bench] " + line);
		this.err.flush();
	}

	public void result(Result result) {
		this.out.println();
		this.out.println("== " + result.scenario() + (result.correct() ? " (correct)" : " (FAILED: " + result.verdict() + ")"));
		int width = result.figures().keySet().stream().mapToInt(String::length).max().orElse(10);
		for (Map.Entry<String, Object> figure : result.figures().entrySet()) {
			this.out.printf("  %-" + width + "s  %s%n", figure.getKey(), format(figure.getValue()));
		}
		this.out.println(this.json.writeValueAsString(result.asJson()));
		this.out.flush();
	}

	private static String format(Object value) {
		if (value instanceof Double d) {
			return String.format("%,.2f", d);
		}
		if (value instanceof Long || value instanceof Integer) {
			return String.format("%,d", value);
		}
		return String.valueOf(value);
	}

}
