package dev.parley.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line: a subcommand followed by {@code --name value} pairs. Immutable.
 */
public final class Options {

	private final String command;

	private final Map<String, String> values;

	public Options(String command, Map<String, String> values) {
		this.command = command;
		this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
	}

	/** Parses {@code args}; throws IllegalArgumentException on a malformed line. */
	public static Options parse(String... args) {
		if (args.length == 0 || args[0].startsWith("--")) {
			throw new IllegalArgumentException("missing subcommand");
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 1; i < args.length; i++) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("unexpected argument " + args[i]);
			}
			String name = args[i].substring(2);
			int eq = name.indexOf('=');
			if (eq >= 0) {
				values.put(name.substring(0, eq), name.substring(eq + 1));
			}
			else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
				values.put(name, args[++i]);
			}
			else {
				values.put(name, "true");
			}
		}
		return new Options(args[0], values);
	}

	public String command() {
		return this.command;
	}

	public Map<String, String> values() {
		return this.values;
	}

	public String text(String name, String fallback) {
		return this.values.getOrDefault(name, fallback);
	}

	public boolean has(String name) {
		return this.values.containsKey(name);
	}

	public int integer(String name, int fallback) {
		String value = this.values.get(name);
		return (value == null) ? fallback : Integer.parseInt(value.replace("_", "").replace(",", ""));
	}

	public boolean bool(String name, boolean fallback) {
		String value = this.values.get(name);
		return (value == null) ? fallback : Boolean.parseBoolean(value);
	}

	public double decimal(String name, double fallback) {
		String value = this.values.get(name);
		return (value == null) ? fallback : Double.parseDouble(value.replace("_", "").replace(",", ""));
	}

}
