package dev.parley.bench.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one scenario: its figures in display order and whether the run was
 * correct (nothing lost, duplicated or refused).
 *
 * @param scenario the scenario's name
 * @param correct whether the run was correct
 * @param verdict why not, or {@code "ok"}
 * @param figures named figures, in order
 */
public record Result(String scenario, boolean correct, String verdict, Map<String, Object> figures) {

	public Result {
		figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
	}

	/** The one-line JSON form: scenario, correct, verdict and every figure. */
	public Map<String, Object> asJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("scenario", this.scenario);
		json.put("correct", this.correct);
		json.put("verdict", this.verdict);
		this.figures.forEach((name, value) -> json.put(jsonName(name), value));
		return json;
	}

	/** {@code "latency p99 ms"} → {@code latency_p99_ms}, {@code "msg/s"} → {@code msg_per_s}, {@code %} → {@code pct}. */
	static String jsonName(String name) {
		return name.replace("/s", "_per_s").replace("%", "pct").replace(' ', '_').replaceAll("[^A-Za-z0-9_.]", "");
	}

}
