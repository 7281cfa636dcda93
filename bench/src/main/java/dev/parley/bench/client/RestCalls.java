package dev.parley.bench.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON-over-HTTP calls for setting a run up (sign-up, group creation); never on the
 * measured path. Thread-safe.
 */
final class RestCalls {

	/** How often a call answered 503 (the server too busy) is made before giving up. */
	private static final int ATTEMPTS = 5;

	private final URI base;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	RestCalls(URI base) {
		this.base = base;
	}

	/**
	 * POSTs {@code body} as JSON and returns the JSON answer. A 503 is tried again after
	 * its {@code Retry-After} (at most 5 s), up to {@value #ATTEMPTS} attempts in all: a
	 * server under a burst of sign-ups may answer that a lock was not granted in time.
	 * Anything else outside 2xx is an IOException.
	 */
	JsonNode post(String path, Map<String, ?> body, String bearer) throws IOException {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body)));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		try {
			for (int attempt = 1;; attempt++) {
				HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() / 100 == 2) {
					return this.json.readTree(response.body());
				}
				if (response.statusCode() != 503 || attempt == ATTEMPTS) {
					throw new IOException(
							"POST " + path + " answered " + response.statusCode() + ": " + response.body());
				}
				long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
				Thread.sleep(1000 * Math.min(5, Math.max(1, seconds)));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

}
