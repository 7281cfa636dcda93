package dev.parley.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The relay passes a member's receipt on to the conversation's other members as a
 * {@code receipt} frame, as Parley does, and only when it moves the member's position
 * forward. Plain JDK WebSocket clients, so the frames checked are exactly the relay's.
 */
@Timeout(60)
class RelayReceiptsTest {

	private final HttpClient http = HttpClient.newHttpClient();

	private RelayServer relay;

	private Client alice;

	private Client bob;

	@BeforeEach
	void start() throws Exception {
		this.relay = RelayServer.start("127.0.0.1", 0, 1);
		this.alice = connect(1);
		this.bob = connect(2);
	}

	@AfterEach
	void stop() {
		this.alice.socket.abort();
		this.bob.socket.abort();
		this.relay.close();
	}

	@Test
	void passesReceiptsOnToTheOtherMemberOnlyWhenTheyMoveForward() {
		this.alice.send("{\"type\":\"send\",\"id\":\"a1\",\"to\":2,\"body\":\"hi\"}");
		assertThat(this.bob.next()).startsWith("{\"type\":\"message\",\"conversationId\":1,\"seq\":1,");
		this.alice.send("{\"type\":\"send\",\"id\":\"a2\",\"to\":2,\"body\":\"there\"}");
		assertThat(this.bob.next()).startsWith("{\"type\":\"message\",\"conversationId\":1,\"seq\":2,");

		this.bob.send("{\"type\":\"received\",\"conversationId\":1,\"seq\":1}");
		this.bob.send("{\"type\":\"read\",\"conversationId\":1,\"seq\":2}");
		// not forward: delivered is 2 since the read receipt; read is already 2
		this.bob.send("{\"type\":\"received\",\"conversationId\":1,\"seq\":2}");
		this.bob.send("{\"type\":\"read\",\"conversationId\":1,\"seq\":1}");
		this.bob.send("{\"type\":\"send\",\"id\":\"b1\",\"to\":1,\"body\":\"yes\"}");

		assertThat(this.alice.next()).startsWith("{\"type\":\"ack\",\"id\":\"a1\"");
		assertThat(this.alice.next()).startsWith("{\"type\":\"ack\",\"id\":\"a2\"");
		assertThat(this.alice.next())
			.isEqualTo("{\"type\":\"receipt\",\"conversationId\":1,\"userId\":2,\"kind\":\"delivered\",\"seq\":1}");
		assertThat(this.alice.next())
			.isEqualTo("{\"type\":\"receipt\",\"conversationId\":1,\"userId\":2,\"kind\":\"read\",\"seq\":2}");
		assertThat(this.alice.next()).startsWith("{\"type\":\"message\",\"conversationId\":1,\"seq\":3,");
	}

	@Test
	void refusesReceiptsForConversationsOfOthers() {
		this.alice.send("{\"type\":\"send\",\"id\":\"a1\",\"to\":3,\"body\":\"hi\"}");
		assertThat(this.alice.next()).startsWith("{\"type\":\"ack\",\"id\":\"a1\",\"conversationId\":1,");

		this.bob.send("{\"type\":\"read\",\"conversationId\":1,\"seq\":1}");
		this.bob.send("{\"type\":\"received\",\"conversationId\":99,\"seq\":1}");

		assertThat(this.bob.next()).isEqualTo("{\"type\":\"error\",\"code\":\"forbidden\",\"message\":\"relay\"}");
		assertThat(this.bob.next()).isEqualTo("{\"type\":\"error\",\"code\":\"not_found\",\"message\":\"relay\"}");
	}

	private Client connect(long userId) throws Exception {
		Client client = new Client();
		client.socket = this.http.newWebSocketBuilder()
			.header("Authorization", "Bearer user-" + userId)
			.buildAsync(URI.create("ws://127.0.0.1:" + this.relay.port() + "/ws"), client)
			.get();
		assertThat(client.next()).startsWith("{\"type\":\"ready\",\"userId\":" + userId);
		client.send("{\"type\":\"resume\",\"positions\":{}}");
		assertThat(client.next()).isEqualTo("{\"type\":\"synced\"}");
		return client;
	}

	/** A WebSocket that queues every text frame it receives. */
	private static final class Client implements WebSocket.Listener {

		private final ConcurrentLinkedQueue<String> frames = new ConcurrentLinkedQueue<>();

		private final StringBuilder partial = new StringBuilder();

		private WebSocket socket;

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.frames.add(this.partial.toString());
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		void send(String text) {
			this.socket.sendText(text, true).join();
		}

		/** The next frame received, waiting for it up to 10 s. */
		String next() {
			return await().atMost(Duration.ofSeconds(10)).until(this.frames::poll, (frame) -> frame != null);
		}

	}

}
