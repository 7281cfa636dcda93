package dev.parley.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.parley.ParleyIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client's files as the browser gets them, without a browser: {@code /} is the
 * client, every module is served as JavaScript and revalidated on each load, and nothing
 * is loaded from another origin (no CDN).
 */
@ParleyIntegrationTest
class WebClientAssetsIntegrationTest {

	private static final Path STATIC = Paths.get("src", "main", "resources", "static");

	/** src, href, CSS url() or an import that points to another origin. */
	private static final Pattern EXTERNAL = Pattern.compile(
			"(?:src|href)\\s*=\\s*[\"']\\s*(?:https?:)?//|url\\(\\s*[\"']?(?:https?:)?//|import[^;]*[\"'](?:https?:)?//");

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void servesTheClientAtTheRoot() throws Exception {
		HttpResponse<String> index = get("/");
		assertThat(index.statusCode()).isEqualTo(200);
		assertThat(index.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(index.body()).contains("<script type=\"module\" src=\"/app/main.js\"></script>")
			.contains("href=\"/css/app.css\"")
			.contains("href=\"/favicon.svg\"");
	}

	@Test
	void servesTheClientWithAStrictContentSecurityPolicyAndProtectiveHeaders() throws Exception {
		HttpResponse<String> index = get("/");
		assertThat(index.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'; "
				+ "script-src 'self'; style-src 'self'; connect-src 'self' ws://localhost:" + this.port
				+ " wss://localhost:" + this.port + "; img-src 'self' data: blob:; media-src 'self' blob:; "
				+ "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
		assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(index.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(index.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		HttpResponse<String> module = get("/app/main.js");
		assertThat(module.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
	}

	@Test
	void servesEveryFileWithItsTypeAndRevalidatesIt() throws Exception {
		for (Path file : staticFiles()) {
			String path = "/" + STATIC.relativize(file).toString().replace('\\', '/');
			HttpResponse<String> response = get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.headers().firstValue("Cache-Control")).as(path).hasValue("no-cache");
			if (path.endsWith(".js")) {
				// Browsers refuse module scripts of any other type.
				assertThat(response.headers().firstValue("Content-Type")).as(path)
					.hasValueSatisfying((type) -> assertThat(type).startsWith("text/javascript"));
			}
		}
	}

	@Test
	void loadsNothingFromAnotherOrigin() throws IOException {
		for (Path file : staticFiles()) {
			assertThat(EXTERNAL.matcher(Files.readString(file)).find()).as(file.toString()).isFalse();
		}
	}

	private List<Path> staticFiles() throws IOException {
		try (Stream<Path> files = Files.walk(STATIC)) {
			List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
			assertThat(all).isNotEmpty();
			return all;
		}
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
