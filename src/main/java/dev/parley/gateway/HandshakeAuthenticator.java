package dev.parley.gateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.parley.accounts.AccessTokens;
import dev.parley.accounts.Principal;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Authenticates a {@code /ws} handshake that carries {@code Authorization: Bearer}; a bad
 * token is refused with 401. A handshake without the header goes through and must send an
 * {@code auth} frame first. Tokens in the URL are not read.
 */
final class HandshakeAuthenticator implements HandshakeInterceptor {

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
		Optional<Principal> principal = header.regionMatches(true, 0, BEARER, 0, BEARER.length())
				? this.tokens.find(header.substring(BEARER.length()).strip()) : Optional.empty();
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
