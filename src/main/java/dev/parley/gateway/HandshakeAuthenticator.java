package dev.parley.gateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.parley.accounts.AccessTokens;
import dev.parley.accounts.Principal;
import dev.parley.common.ParleyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Authenticates a {@code /ws} handshake that carries {@code Authorization: Bearer}; a bad
 * token is refused with 401, and one that cannot be checked because the database does not
 * answer in time with 503 and {@code Retry-After: 1}. A handshake without the header goes
 * through and must send an {@code auth} frame first. Tokens in the URL are not read.
 */
final class HandshakeAuthenticator implements HandshakeInterceptor {

	private static final Logger log = LoggerFactory.getLogger(HandshakeAuthenticator.class);

	static final String PRINCIPAL = Principal.class.getName();

	private static final String BEARER = "Bearer ";

	private final AccessTokens tokens;

	HandshakeAuthenticator(AccessTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		List<String> headers = request.getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
		if (headers.isEmpty()) {
			return true;
		}
		String header = headers.get(0);
		Optional<Principal> principal;
		try {
			principal = header.regionMatches(true, 0, BEARER, 0, BEARER.length())
					? this.tokens.find(header.substring(BEARER.length()).strip()) : Optional.empty();
		}
		catch (RuntimeException ex) {
			if (ParleyException.ifDatabaseBusy(ex).isEmpty()) {
				throw ex;
			}
			log.warn("A WebSocket handshake found the database unavailable: {}", ex.getClass().getSimpleName());
			response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
			return false;
		}
		if (principal.isEmpty()) {
			response.setStatusCode(HttpStatus.UNAUTHORIZED);
			return false;
		}
		attributes.put(PRINCIPAL, principal.get());
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
	}

}
