package dev.parley.compat;

import java.util.Map;

import dev.parley.accounts.AccessTokens;
import dev.parley.accounts.Principal;
import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import dev.parley.gateway.Gateway;
import dev.parley.gateway.GatewayProperties;
import dev.parley.gateway.WholeFrameHandler;
import dev.parley.infra.ClientInput;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The seed's {@code /messaging?accessToken=TOKEN} socket: the handshake is refused (401)
 * without a valid token; {@code SEND_MESSAGE} frames become Parley sends; the session
 * first receives what was sent to the user while they were away, then live deliveries. A
 * refused frame is answered with Parley's {@code error} frame (the seed had none).
 */
final class SeedSocketHandler extends WholeFrameHandler implements HandshakeInterceptor {

	private static final String PRINCIPAL = SeedSocketHandler.class.getName() + ".principal";

	private final AccessTokens tokens;

	private final Gateway gateway;

	private final SeedMessaging messaging;

	private final SeedDialect dialect;

	private final JsonMapper json;

	private final ClientInput input;

	SeedSocketHandler(AccessTokens tokens, Gateway gateway, SeedMessaging messaging, JsonMapper json, ClientInput input,
			GatewayProperties properties) {
		super(properties);
		this.tokens = tokens;
		this.gateway = gateway;
		this.messaging = messaging;
		this.dialect = new SeedDialect(json);
		this.json = json;
		this.input = input;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		String token = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("accessToken");
		Principal principal;
		try {
			principal = this.tokens.find(token).orElse(null);
		}
		catch (RuntimeException ex) {
			if (ParleyException.ifDatabaseBusy(ex).isEmpty()) {
				throw ex;
			}
			// the token cannot be checked now: the client may try again
			response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
			return false;
		}
		if (principal == null) {
			response.setStatusCode(HttpStatus.UNAUTHORIZED);
			return false;
		}
		attributes.put(PRINCIPAL, principal);
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession socket) {
		this.gateway.open(socket, (Principal) socket.getAttributes().get(PRINCIPAL), this.dialect);
	}

	@Override
	protected void handleFrame(WebSocketSession socket, String text) {
		Principal principal = (Principal) socket.getAttributes().get(PRINCIPAL);
		try {
			SeedMessageFrame frame = this.input.read(text, SeedMessageFrame.class);
			if (frame == null || !"SEND_MESSAGE".equals(frame.topic())) {
				throw new ParleyException(ErrorCode.VALIDATION_FAILED, "The only seed topic is SEND_MESSAGE.");
			}
			this.messaging.send(principal, frame.message()).exceptionally((failure) -> null);
		}
		catch (ParleyException ex) {
			reply(socket, ex);
		}
	}

	private void reply(WebSocketSession socket, ParleyException ex) {
		this.gateway.send(socket, this.json
			.writeValueAsString(Map.of("type", "error", "code", ex.errorCode().code(), "message", ex.getMessage())));
	}

	@Override
	public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
		this.gateway.closed(socket);
	}

}
