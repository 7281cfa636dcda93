package dev.parley.gateway;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox over a container that completes sends within the call that starts them,
 * which the WebSocket API allows. The container is a stand-in here, so that a failure can
 * be made to happen inside the send.
 */
class OutboxTest {

	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final String CLOSE_SEND_TIMEOUT = "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT";

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final AtomicInteger closedCallbacks = new AtomicInteger();

	@Test
	void sendsFramesThatCompleteWithinTheCallOneAfterAnother() {
		Container container = new Container((session) -> new SendResult(session));
		Outbox outbox = outbox(container);
		outbox.send("a");
		outbox.send("b");
		outbox.send("c");
		assertThat(container.sent).containsExactly("a", "b", "c");
		assertThat(container.closeCode).isZero();
		assertThat(this.closedCallbacks).hasValue(0);
	}

	@Test
	void sendsTextUtf8CannotCarryWithReplacementCharactersAndStaysOpen() {
		Container container = new Container((session) -> new SendResult(session));
		Outbox outbox = outbox(container);
		outbox.send("{\"body\":\"a\ud800b\udc00\"}");
		outbox.send("{\"body\":\"\ud83d\ude00\"}");
		assertThat(container.sent).containsExactly("{\"body\":\"a\ufffdb\ufffd\"}", "{\"body\":\"\ud83d\ude00\"}");
		assertThat(container.closeCode).isZero();
		assertThat(this.meters.counter("parley.gateway.frames.repaired").count()).isOne();
	}

	@Test
	void forgetsAConnectionThatBreaksWithinTheSendOnlyOnceTheSendHasReturned() {
		Container container = new Container((session) -> new SendResult(session, new IOException("Connection reset")));
		Outbox outbox = outbox(container);
		outbox.send("a");
		outbox.send("b");
		assertThat(container.sent).containsExactly("a");
		assertThat(container.closeCode).isEqualTo(4500);
		assertThat(container.closedDuringSend).isFalse();
		assertThat(this.closedCallbacks).hasValue(1);
		assertThat(this.meters.counter("parley.gateway.sessions.broken").count()).isOne();
		assertThat(this.meters.find("parley.gateway.sessions.dropped").counter()).isNull();
	}

	@Test
	void dropsAClientWhoseSendTimesOutWithinTheCall() {
		Container container = new Container((session) -> new SendResult(session, new SocketTimeoutException()));
		Outbox outbox = outbox(container);
		outbox.send("a");
		assertThat(container.closeCode).isEqualTo(4408);
		assertThat(container.closedDuringSend).isFalse();
		assertThat(this.closedCallbacks).hasValue(1);
		assertThat(this.meters.counter("parley.gateway.sessions.dropped", "code", "4408").count()).isOne();
	}

	@Test
	void givesTheContainersControlFramesAndADeliberateCloseFrame200Milliseconds() {
		Container container = new Container((session) -> new SendResult(session));
		Outbox outbox = outbox(container);
		assertThat(container.userProperties).containsExactly(Map.entry(BLOCKING_SEND_TIMEOUT, 200L));
		outbox.close(CloseCode.FLOODING);
		assertThat(container.closeCode).isEqualTo(4429);
		assertThat(container.userProperties).containsEntry(CLOSE_SEND_TIMEOUT, 200L);
	}

	@Test
	void leavesTheCloseFrameOfADroppedClientTomcatsTime() {
		Container container = new Container((session) -> new SendResult(session, new SocketTimeoutException()));
		Outbox outbox = outbox(container);
		outbox.send("a");
		assertThat(container.closeCode).isEqualTo(4408);
		assertThat(container.userProperties).doesNotContainKey(CLOSE_SEND_TIMEOUT);
	}

	@Test
	void forgetsAClientThatFallsBehindAtOnceAndClosesItsSocketOnTheCloser() {
		Container container = new Container((session) -> null);
		List<Runnable> closes = new ArrayList<>();
		Outbox outbox = outbox(container, 10, closes::add);
		outbox.send("12345");
		outbox.send("12345");
		outbox.send("123456");
		assertThat(container.sent).containsExactly("12345");
		assertThat(this.closedCallbacks).hasValue(1);
		assertThat(this.meters.counter("parley.gateway.sessions.dropped", "code", "4408").count()).isOne();
		assertThat(container.closeCode).isZero();
		assertThat(closes).hasSize(1);
		closes.get(0).run();
		assertThat(container.closeCode).isEqualTo(4408);
		outbox.send("2");
		assertThat(container.sent).containsExactly("12345");
		assertThat(closes).hasSize(1);
	}

	@Test
	void closesTheSocketOnTheCallingThreadOnceTheCloserIsShutDown() {
		Container container = new Container((session) -> new SendResult(session, new SocketTimeoutException()));
		Outbox outbox = outbox(container, 1024 * 1024, (task) -> {
			throw new RejectedExecutionException("shut down");
		});
		outbox.send("a");
		assertThat(container.closeCode).isEqualTo(4408);
		assertThat(this.closedCallbacks).hasValue(1);
	}

	private Outbox outbox(Container container) {
		return outbox(container, 1024 * 1024, Runnable::run);
	}

	private Outbox outbox(Container container, long limitBytes, Executor closer) {
		StandardWebSocketSession socket = new StandardWebSocketSession(new HttpHeaders(), Map.of(), null, null);
		socket.initializeNativeSession(container.session);
		return new Outbox(socket, limitBytes, Duration.ofSeconds(10), this.closedCallbacks::incrementAndGet, closer,
				this.meters);
	}

	/**
	 * A socket whose every send completes, with the given result, before it returns; or
	 * never, when the result is null.
	 */
	private static final class Container {

		final List<String> sent = new ArrayList<>();

		final Map<String, Object> userProperties = new HashMap<>();

		private Session session;

		int closeCode;

		boolean closedDuringSend;

		private boolean sending;

		Container(Function<Session, SendResult> result) {
			RemoteEndpoint.Async remote = proxy(RemoteEndpoint.Async.class, (method, args) -> {
				if (method.equals("sendText") && args.length == 2) {
					this.sent.add((String) args[0]);
					this.sending = true;
					try {
						SendResult outcome = result.apply(this.session);
						if (outcome != null) {
							((SendHandler) args[1]).onResult(outcome);
						}
					}
					finally {
						this.sending = false;
					}
				}
				return null;
			});
			this.session = proxy(Session.class, (method, args) -> switch (method) {
				case "getAsyncRemote" -> remote;
				case "isOpen" -> this.closeCode == 0;
				case "getId" -> "s1";
				case "getUserProperties" -> this.userProperties;
				case "close" -> {
					this.closeCode = ((CloseReason) args[0]).getCloseCode().getCode();
					this.closedDuringSend = this.sending;
					yield null;
				}
				default -> null;
			});
		}

		@SuppressWarnings("unchecked")
		private static <T> T proxy(Class<T> type, Answer answer) {
			return (T) Proxy.newProxyInstance(OutboxTest.class.getClassLoader(), new Class<?>[] { type },
					(proxy, method, args) -> {
						Object value = answer.answer(method.getName(), (args != null) ? args : new Object[0]);
						if (value == null && method.getReturnType() == boolean.class) {
							return false;
						}
						if (value == null && method.getReturnType() == long.class) {
							return 0L;
						}
						if (value == null && method.getReturnType() == int.class) {
							return 0;
						}
						if (value == null && List.class.isAssignableFrom(method.getReturnType())) {
							return List.of();
						}
						if (value == null && Map.class.isAssignableFrom(method.getReturnType())) {
							return Map.of();
						}
						return value;
					});
		}

		private interface Answer {

			Object answer(String method, Object[] args);

		}

	}

}
