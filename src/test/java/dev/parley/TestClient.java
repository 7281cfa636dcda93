package dev.parley;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.awaitility.Awaitility;

/**
 * A real WebSocket client over loopback that collects every frame it receives. Frames are
 * parsed JSON; {@link #await} waits with a deadline for a frame to arrive.
 */
public final class TestClient implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private final List<JsonNode> frames = new CopyOnWriteArrayList<>();

	private final List<String> texts = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private final List<String> pongs = new CopyOnWriteArrayList<>();

	private final WebSocket socket;

	private volatile boolean reading = true;

	private TestClient(URI uri, Map<String, String> headers) {
		WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
		headers.forEach(builder::header);
		this.socket = builder.buildAsync(uri, new Listener()).join();
	}

	/** Connects to {@code /ws} with the token in the {@code Authorization} header. */
	public static TestClient connect(int port, String token) {
		return new TestClient(URI.create("ws://localhost:" + port + "/ws"), Map.of("Authorization", "Bearer " + token));
	}

	/** Connects to {@code /ws} without credentials. */
	public static TestClient connectAnonymously(int port) {
		return new TestClient(URI.create("ws://localhost:" + port + "/ws"), Map.of());
	}

	/** Connects to any path, e.g. the seed's {@code /messaging?accessToken=}. */
	public static TestClient connectTo(int port, String pathAndQuery) {
		return new TestClient(URI.create("ws://localhost:" + port + pathAndQuery), Map.of());
	}

	/**
	 * Connects with the header, waits for {@code ready}, sends {@code resume} without
	 * positions (from the user's delivered positions) and waits for {@code synced}.
	 */
	public static TestClient ready(int port, String token) {
		TestClient client = connect(port, token);
		client.await("ready");
		client.resume(Map.of());
		return client;
	}

	/** Connects with the header and waits for {@code ready}, without resuming. */
	public static TestClient authenticated(int port, String token) {
		TestClient client = connect(port, token);
		client.await("ready");
		return client;
	}

	/** Stops reading from the socket, like a client that cannot keep up. */
	public TestClient stopReading() {
		this.reading = false;
		return this;
	}

	/** Reads again, everything the server sent meanwhile, then the close if it closed. */
	public TestClient resumeReading() {
		this.reading = true;
		this.socket.request(Long.MAX_VALUE);
		return this;
	}

	public TestClient send(Map<String, ?> frame) {
		return sendText(JSON.writeValueAsString(frame));
	}

	public synchronized TestClient sendText(String text) {
		this.socket.sendText(text, true).join();
		return this;
	}

	/** Sends a binary message. */
	public synchronized TestClient sendBinary(byte[] bytes) {
		this.socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
		return this;
	}

	/** Sends one text message as several WebSocket frames (a fragmented message). */
	public synchronized TestClient sendTextInParts(String... parts) {
		for (int i = 0; i < parts.length; i++) {
			this.socket.sendText(parts[i], i == parts.length - 1).join();
		}
		return this;
	}

	/**
	 * Sends a WebSocket ping (a control frame the container answers) with this payload.
	 */
	public TestClient ping(String payload) {
		this.socket.sendPing(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8))).join();
		return this;
	}

	/** Waits for a pong that carries this payload. */
	public void awaitPong(String payload) {
		Awaitility.await().atMost(DEADLINE).until(() -> this.pongs.contains(payload));
	}

	/** Sends {@code resume} with these positions and waits for {@code synced}. */
	public TestClient resume(Map<Long, Long> positions) {
		int before = ofType("synced").size();
		send(Map.of("type", "resume", "positions", positions));
		Awaitility.await().atMost(DEADLINE).until(() -> ofType("synced").size() > before);
		return this;
	}

	/** Waits for the first frame of this type. */
	public JsonNode await(String type) {
		return await((frame) -> type.equals(frame.path("type").asString()));
	}

	/** Waits for the first frame that matches. */
	public JsonNode await(Predicate<JsonNode> matches) {
		return Awaitility.await()
			.atMost(DEADLINE)
			.until(() -> this.frames.stream().filter(matches).findFirst(), java.util.Optional::isPresent)
			.orElseThrow();
	}

	/** Waits until {@code count} frames of this type have arrived, and returns them. */
	public List<JsonNode> awaitCount(String type, int count) {
		Awaitility.await().atMost(DEADLINE).until(() -> ofType(type).size() >= count);
		return ofType(type);
	}

	public List<JsonNode> ofType(String type) {
		List<JsonNode> matching = new ArrayList<>();
		for (JsonNode frame : this.frames) {
			if (type.equals(frame.path("type").asString())) {
				matching.add(frame);
			}
		}
		return matching;
	}

	public List<JsonNode> frames() {
		return List.copyOf(this.frames);
	}

	public List<String> texts() {
		return List.copyOf(this.texts);
	}

	/** Waits for the server to close the socket and returns the close code. */
	public int awaitClose() {
		return awaitCloseWithin(DEADLINE);
	}

	public int awaitCloseWithin(Duration deadline) {
		return Awaitility.await().atMost(deadline).until(() -> this.closed.getNow(null), (code) -> code != null);
	}

	public boolean isClosed() {
		return this.closed.isDone();
	}

	@Override
	public void close() {
		if (!this.closed.isDone()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
			this.socket.abort();
		}
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				String text = this.partial.toString();
				this.partial.setLength(0);
				TestClient.this.texts.add(text);
				TestClient.this.frames.add(JSON.readTree(text));
			}
			if (TestClient.this.reading) {
				webSocket.request(1);
			}
			return null;
		}

		@Override
		public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
			TestClient.this.pongs.add(StandardCharsets.UTF_8.decode(message).toString());
			if (TestClient.this.reading) {
				webSocket.request(1);
			}
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			TestClient.this.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			TestClient.this.closed.complete(-1);
		}

	}

}
