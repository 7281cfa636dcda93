package dev.parley.durability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;

import dev.parley.ParleyNode;
import dev.parley.TcpLink;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What clients get while the database is unreachable, and after it is back: a node whose
 * every database connection goes through a {@link TcpLink} that the test cuts (open
 * connections break, new ones are refused) and restores. Only the link is cut: the
 * database itself keeps running. Subclasses name the database.
 *
 * <p>
 * Requests are sent with a 10 s timeout, a third of the connection pool's former 30 s
 * wait: an answer at all within it is what "at once" means here; no test measures a
 * duration.
 */
abstract class DatabaseOutageScenarios {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	Path dataDir;

	private TcpLink link;

	private ParleyNode node;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

	/** The database's host and port, for the link. */
	abstract String host();

	abstract int port();

	/** Node properties that point the data source at the database through this port. */
	abstract String[] dataSource(int linkPort);

	@BeforeEach
	void start() {
		this.link = TcpLink.to(host(), port());
		this.node = ParleyNode.start(this.dataDir, dataSource(this.link.port()));
	}

	@AfterEach
	void stop() {
		this.link.restore();
		if (this.node != null) {
			this.node.close();
		}
		this.link.close();
	}

	@Test
	void closesAResumeThatCannotReadTheDatabaseWith1013AndReplaysEverythingOnceItIsBack() {
		int port = this.node.port();
		TestUser ann = TestUsers.signUp(port);
		TestUser bob = TestUsers.signUp(port);
		try (TestClient annClient = TestClient.ready(port, ann.token())) {
			for (int i = 0; i < 5; i++) {
				annClient.send(Map.of("type", "send", "id", "m-" + i, "to", bob.userId(), "body", "missed " + i));
			}
			annClient.awaitCount("ack", 5);
		}
		try (TestClient bobClient = TestClient.authenticated(port, bob.token())) {
			this.link.cut();
			bobClient.send(Map.of("type", "resume", "positions", Map.of()));
			assertThat(bobClient.awaitClose()).isEqualTo(1013);
			assertThat(bobClient.ofType("synced")).isEmpty();
			assertThat(bobClient.ofType("message")).isEmpty();
		}

		this.link.restore();
		awaitReadiness(200);
		try (TestClient bobClient = TestClient.authenticated(port, bob.token())) {
			bobClient.resume(Map.of());
			assertThat(bobClient.ofType("message")).extracting((m) -> m.path("id").asString())
				.containsExactly("m-0", "m-1", "m-2", "m-3", "m-4");
		}
	}

	@Test
	void answersUnavailableAtOnceWhileTheDatabaseIsDown() throws Exception {
		int port = this.node.port();
		TestUser ann = TestUsers.signUp(port);
		TestUser carol = TestUsers.signUp(port);
		assertThat(get("/api/v1/conversations", ann.token()).statusCode()).isEqualTo(200);

		this.link.cut();
		// more requests than the pool has connections: the first ones find a broken
		// connection, the later ones an empty pool that cannot connect
		for (int i = 0; i < 15; i++) {
			HttpResponse<String> rest = get("/api/v1/conversations", ann.token());
			assertThat(rest.statusCode()).isEqualTo(503);
			assertThat(rest.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(rest.body()).contains("\"code\":\"unavailable\"");
		}
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> readiness = get("/readyz", null);
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(readiness.body()).contains("\"status\":\"DOWN\"");
		}

		// a token this node has not looked up yet: its handshake needs the database
		Throwable handshake = catchThrowable(() -> this.http.newWebSocketBuilder()
			.header("Authorization", "Bearer " + carol.token())
			.connectTimeout(REQUEST_TIMEOUT)
			.buildAsync(URI.create("ws://localhost:" + port + "/ws"), new WebSocket.Listener() {
			})
			.join());
		assertThat(handshake).isInstanceOf(CompletionException.class)
			.hasCauseInstanceOf(WebSocketHandshakeException.class);
		HttpResponse<?> refused = ((WebSocketHandshakeException) handshake.getCause()).getResponse();
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");

		try (TestClient anonymous = TestClient.connectAnonymously(port)) {
			anonymous.send(Map.of("type", "auth", "token", carol.token()));
			assertThat(anonymous.awaitCloseWithin(REQUEST_TIMEOUT)).isEqualTo(1013);
		}

		this.link.restore();
		awaitReadiness(200);
		try (TestClient carolClient = TestClient.ready(port, carol.token())) {
			JsonNode ready = carolClient.await("ready");
			assertThat(ready.path("userId").asLong()).isEqualTo(carol.userId());
		}
	}

	/**
	 * Polls readiness once a second: the pool checks a connection before handing it out
	 * only when it was idle for half a second, and an H2 client's broken connection
	 * (unlike PostgreSQL's) is not recognised as broken by the error it throws.
	 */
	private void awaitReadiness(int status) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofSeconds(1))
			.ignoreExceptions()
			.until(() -> get("/readyz", null).statusCode() == status);
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.node.baseUrl() + path))
			.timeout(REQUEST_TIMEOUT);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
