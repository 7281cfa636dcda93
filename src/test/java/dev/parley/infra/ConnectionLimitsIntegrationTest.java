package dev.parley.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node with a small connection budget (24 connections, 16 of them for WebSockets, 4
 * sockets and requests in progress per client address), opened by raw sockets from
 * several loopback addresses.
 */
@ParleyIntegrationTest
@TestPropertySource(properties = { "parley.connections.max=24", "parley.connections.per-address=4",
		"parley.gateway.auth-timeout=5m" })
class ConnectionLimitsIntegrationTest {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	private final List<Socket> opened = new ArrayList<>();

	@AfterEach
	void closeSockets() throws IOException {
		for (Socket socket : this.opened) {
			socket.close();
		}
	}

	@Test
	void refusesSocketsBeyondThePerAddressCapWithRateLimited() throws IOException {
		List<Socket> fromOne = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Socket socket = connect("127.0.0.2");
			assertThat(handshake(socket)).startsWith("HTTP/1.1 101");
			fromOne.add(socket);
		}
		String refused = handshake(connect("127.0.0.2"));
		assertThat(refused).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After:");
		assertThat(handshake(connect("127.0.0.3"))).startsWith("HTTP/1.1 101");

		fromOne.get(0).close();
		await().atMost(DEADLINE).until(() -> handshake(connect("127.0.0.2")).startsWith("HTTP/1.1 101"));
	}

	@Test
	void refusesRequestsBeyondThePerAddressCapWithAProblemDetail() throws IOException {
		// four requests in progress from one address: each sent its head and holds back
		// its body
		for (int i = 0; i < 4; i++) {
			write(connect("127.0.0.5"),
					"POST /api/v1/auth/code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
							+ "Content-Length: 100\r\n\r\n");
		}
		await().atMost(DEADLINE).until(() -> livez("127.0.0.5").startsWith("HTTP/1.1 429"));
		String refused = livez("127.0.0.5");
		assertThat(refused).startsWith("HTTP/1.1 429")
			.containsIgnoringCase("Retry-After: 1")
			.containsIgnoringCase("Content-Type: application/problem+json")
			.contains("\"type\":\"https://parley.dev/errors/rate_limited\"")
			.contains("\"status\":429")
			.contains("\"code\":\"rate_limited\"");
		assertThat(livez("127.0.0.6")).startsWith("HTTP/1.1 200");
	}

	@Test
	void refusesSocketsBeyondTheNodesCapAndKeepsServingItsSessions() throws IOException {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobClient = TestClient.ready(this.port, bob.token())) {
			int accepted = 0;
			String refused = null;
			for (int i = 0; i < 30 && refused == null; i++) {
				String answer = handshake(connect("127.0.1." + (i + 1)));
				if (answer.startsWith("HTTP/1.1 101")) {
					accepted++;
				}
				else {
					refused = answer;
				}
			}
			assertThat(refused).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After:");
			assertThat(accepted).isLessThanOrEqualTo(16 - 2);

			annClient.send(Map.of("type", "send", "id", "full-1", "to", bob.userId(), "body", "still here"));
			JsonNode message = bobClient.await("message");
			assertThat(message.path("id").asString()).isEqualTo("full-1");
			assertThat(annClient.await("ack").path("id").asString()).isEqualTo("full-1");
			assertThat(readiness()).contains("\"status\":\"UP\"");
		}
	}

	@Test
	void keepsServingItsSessionsWhileIdleConnectionsExhaustItsBudget() throws IOException {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		try (TestClient annClient = TestClient.ready(this.port, ann.token());
				TestClient bobClient = TestClient.ready(this.port, bob.token())) {
			for (int i = 0; i < 60; i++) {
				connect("127.0.2." + (i + 1));
			}
			annClient.send(Map.of("type", "send", "id", "idle-1", "to", bob.userId(), "body", "still here"));
			assertThat(bobClient.await("message").path("id").asString()).isEqualTo("idle-1");
			// connections that send no request are closed after Tomcat's connection
			// timeout, which frees their places for new clients
			await().atMost(DEADLINE).untilAsserted(() -> assertThat(readiness()).contains("\"status\":\"UP\""));
		}
	}

	@Test
	void closesAConnectionThatSendsNoRequest() throws IOException {
		Socket idle = connect("127.0.0.4");
		idle.setSoTimeout((int) DEADLINE.toMillis());
		assertThat(idle.getInputStream().read()).isEqualTo(-1);
	}

	private String readiness() {
		return RestClient.create("http://127.0.0.1:" + this.port).get().uri("/readyz").retrieve().body(String.class);
	}

	private Socket connect(String from) throws IOException {
		Socket socket = new Socket();
		this.opened.add(socket);
		socket.bind(new InetSocketAddress(from, 0));
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), (int) DEADLINE.toMillis());
		return socket;
	}

	/** The whole answer to {@code GET /livez} sent from {@code from}. */
	private String livez(String from) throws IOException {
		Socket socket = connect(from);
		write(socket, "GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
		return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
	}

	private static void write(Socket socket, String request) throws IOException {
		socket.setSoTimeout((int) DEADLINE.toMillis());
		OutputStream out = socket.getOutputStream();
		out.write(request.getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	/** Sends a WebSocket upgrade for {@code /ws} and returns the response's head. */
	private String handshake(Socket socket) throws IOException {
		write(socket,
				"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nUpgrade: websocket\r\n"
						+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
						+ "Sec-WebSocket-Version: 13\r\n\r\n");
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		while (matched < end.length) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == end[0]) ? 1 : 0);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

}
