package dev.parley.gateway;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.parley.accounts.AccessTokens;
import dev.parley.accounts.Principal;
import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import dev.parley.conversations.Conversations;
import dev.parley.messaging.Messaging;
import dev.parley.messaging.SequencedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.parley.infra.ClientInput;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * Parley's WebSocket protocol v1 on {@code /ws}: authentication by header or first frame,
 * then one JSON frame per message. Every refused frame is answered by an {@code error}
 * frame with a stable code and the frame's id, and changes nothing.
 */
final class V1SocketHandler extends WholeFrameHandler {

	private static final Logger log = LoggerFactory.getLogger(V1SocketHandler.class);

	/**
	 * Refused frames a session may have (not counting {@code rate_limited} and
	 * {@code unavailable}); the next one closes it with 4400.
	 */
	private static final int MAX_ERRORS = 100;

	private final Gateway gateway;

	private final AccessTokens tokens;

	private final Messaging messaging;

	private final Conversations conversations;

	private final Resumer resumer;

	private final Signals signals;

	private final GatewayProperties properties;

	private final GatewayScheduler scheduler;

	private final JsonMapper json;

	private final ClientInput input;

	private final Counter frames;

	private final MeterRegistry meters;

	V1SocketHandler(Gateway gateway, AccessTokens tokens, Messaging messaging, Conversations conversations,
			Resumer resumer, Signals signals, GatewayProperties properties, GatewayScheduler scheduler, JsonMapper json,
			ClientInput input, MeterRegistry meters) {
		super(properties);
		this.gateway = gateway;
		this.tokens = tokens;
		this.messaging = messaging;
		this.conversations = conversations;
		this.resumer = resumer;
		this.signals = signals;
		this.properties = properties;
		this.scheduler = scheduler;
		this.json = json;
		this.input = input;
		this.frames = Counter.builder("parley.gateway.frames.in")
			.description("Client frames received")
			.register(meters);
		this.meters = meters;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession socket) {
		ClientSession session = this.gateway.attach(socket, V1Dialect.INSTANCE);
		socket.getAttributes()
			.put(FrameRateLimiter.class.getName(), new FrameRateLimiter(this.properties.framesPerSecond(),
					this.properties.frameBurst(), this.properties.floodLimit().toNanos(), System.nanoTime()));
		Principal principal = (Principal) socket.getAttributes().get(HandshakeAuthenticator.PRINCIPAL);
		if (principal != null) {
			this.gateway.authenticate(session, principal);
			return;
		}
		this.scheduler.executor().schedule(() -> {
			if (session.principal() == null) {
				session.close(CloseCode.UNAUTHENTICATED);
			}
		}, this.properties.authTimeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	protected void handleFrame(WebSocketSession socket, String text) {
		this.frames.increment();
		ClientSession session = Gateway.sessionOf(socket);
		ClientFrame frame;
		try {
			if (!text.stripLeading().startsWith("{")) {
				throw new ParleyException(ErrorCode.MALFORMED_REQUEST, "A frame is one JSON object with a type.");
			}
			frame = this.input.read(text, ClientFrame.class);
			ClientInput.requireEchoableId(frame.id());
		}
		catch (ParleyException ex) {
			// a frame that could not be read whole still gets its id back
			refuse(socket, session, this.input.idOf(text).orElse(null), ex);
			return;
		}
		if (session.principal() == null) {
			authenticate(session, frame);
			return;
		}
		FrameRateLimiter limiter = (FrameRateLimiter) socket.getAttributes().get(FrameRateLimiter.class.getName());
		FrameRateLimiter.Verdict verdict = limiter.take(System.nanoTime());
		if (verdict == FrameRateLimiter.Verdict.ACCEPT) {
			process(socket, session, frame);
		}
		else if (verdict == FrameRateLimiter.Verdict.REFUSE || isCommand(frame)) {
			// a send, edit or delete is always answered, so that its sender knows to send
			// it again: a node that read a client's frames late (past its capacity) sees
			// them as a burst; a flood of them ends with 4429 like any other
			refuse(socket, session, frame.id(),
					new ParleyException(ErrorCode.RATE_LIMITED,
							"Too many frames; at most " + this.properties.framesPerSecond()
									+ " per second. Other frames are dropped unanswered for a second."));
		}
		else if (verdict == FrameRateLimiter.Verdict.CLOSE) {
			this.meters.counter("parley.gateway.sessions.dropped", "code", "4429").increment();
			log.warn("Closing WebSocket session {} of user {} with 4429: over the frame rate for {}", socket.getId(),
					session.principal().userId(), this.properties.floodLimit());
			session.close(CloseCode.FLOODING);
		}
	}

	private static boolean isCommand(ClientFrame frame) {
		return frame instanceof ClientFrame.Send || frame instanceof ClientFrame.Edit
				|| frame instanceof ClientFrame.Delete;
	}

	private void process(WebSocketSession socket, ClientSession session, ClientFrame frame) {
		try {
			dispatch(session, frame);
		}
		catch (ParleyException ex) {
			refuse(socket, session, frame.id(), ex);
		}
		catch (RuntimeException ex) {
			ParleyException busy = ParleyException.ifDatabaseBusy(ex).orElse(null);
			if (busy != null) {
				log.warn("A {} frame found the database too busy: {}", frame.getClass().getSimpleName(),
						ex.getClass().getSimpleName());
				refuse(socket, session, frame.id(), busy);
				return;
			}
			log.error("Unexpected failure handling a {} frame", frame.getClass().getSimpleName(), ex);
			refuse(socket, session, frame.id(), new ParleyException(ErrorCode.INTERNAL_ERROR, null));
		}
	}

	private void authenticate(ClientSession session, ClientFrame frame) {
		if (frame instanceof ClientFrame.Auth auth) {
			Principal principal;
			try {
				principal = this.tokens.find(auth.token()).orElse(null);
			}
			catch (RuntimeException ex) {
				if (ParleyException.ifDatabaseBusy(ex).isEmpty()) {
					throw ex;
				}
				log.warn("An auth frame found the database unavailable: {}", ex.getClass().getSimpleName());
				session.close(CloseCode.TRY_AGAIN_LATER);
				return;
			}
			if (principal != null) {
				this.gateway.authenticate(session, principal);
				return;
			}
		}
		session.close(CloseCode.UNAUTHENTICATED);
	}

	private void dispatch(ClientSession session, ClientFrame frame) {
		Principal principal = session.principal();
		if (frame instanceof ClientFrame.Send send) {
			answer(session, send.id(),
					this.messaging.send(principal, send.id(), send.conversationId(), send.to(), send.body()));
		}
		else if (frame instanceof ClientFrame.Received received) {
			this.messaging.receipt(principal, required(received.conversationId(), "conversationId"), "delivered",
					required(received.seq(), "seq"));
		}
		else if (frame instanceof ClientFrame.Read read) {
			this.messaging.receipt(principal, required(read.conversationId(), "conversationId"), "read",
					required(read.seq(), "seq"));
		}
		else if (frame instanceof ClientFrame.Resume resume) {
			this.resumer.resume(session, (resume.positions() != null) ? resume.positions() : Map.of());
		}
		else if (frame instanceof ClientFrame.Typing typing) {
			long conversationId = required(typing.conversationId(), "conversationId");
			this.conversations.requireMember(conversationId, principal.userId());
			this.signals.typing(principal.userId(), conversationId);
		}
		else if (frame instanceof ClientFrame.Edit edit) {
			answer(session, edit.id(), this.messaging.edit(principal, edit.id(),
					required(edit.conversationId(), "conversationId"), required(edit.seq(), "seq"), edit.body()));
		}
		else if (frame instanceof ClientFrame.Delete delete) {
			answer(session, delete.id(), this.messaging.delete(principal, delete.id(),
					required(delete.conversationId(), "conversationId"), required(delete.seq(), "seq")));
		}
		else if (frame instanceof ClientFrame.Ping ping) {
			session.send(this.json.writeValueAsString(new ServerFrames.Pong(ping.id())));
		}
		else if (frame instanceof ClientFrame.Auth) {
			throw new ParleyException(ErrorCode.CONFLICT, "Already authenticated.");
		}
	}

	private void answer(ClientSession session, String id, CompletableFuture<SequencedEvent> reply) {
		reply.whenComplete((event, failure) -> {
			if (failure == null) {
				session.send(this.json.writeValueAsString(new ServerFrames.Ack(id, event.conversationId(), event.seq(),
						Instant.ofEpochMilli(event.timeMillis()))));
				return;
			}
			ParleyException refusal = Messaging.failureOf(failure);
			if (refusal instanceof Messaging.RejectedException rejected) {
				session.send(rejected.event().frame());
			}
			else {
				session.send(error(refusal, id));
			}
		});
	}

	private void refuse(WebSocketSession socket, ClientSession session, String id, ParleyException ex) {
		if (session.principal() == null) {
			session.close(CloseCode.UNAUTHENTICATED);
			return;
		}
		session.send(error(ex, id));
		if (ex.errorCode() == ErrorCode.RATE_LIMITED || ex.errorCode() == ErrorCode.UNAVAILABLE) {
			// the server's limits, not the client's mistakes: outside the error budget
			return;
		}
		int errors = (int) socket.getAttributes().merge("parley.errors", 1, (a, b) -> (int) a + (int) b);
		if (errors > MAX_ERRORS) {
			session.close(CloseCode.PROTOCOL_ERRORS);
		}
	}

	private String error(ParleyException ex, String id) {
		return this.json.writeValueAsString(new ServerFrames.Error(ex, id));
	}

	private static long required(Long value, String field) {
		if (value == null) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, field + " is required.");
		}
		return value;
	}

	@Override
	public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
		this.gateway.closed(socket);
	}

}
