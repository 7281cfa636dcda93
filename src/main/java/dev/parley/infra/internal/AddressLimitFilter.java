package dev.parley.infra.internal;

import java.io.IOException;
import java.util.Optional;

import dev.parley.common.ErrorCode;
import dev.parley.infra.ConnectionPermits;
import dev.parley.infra.ConnectionPermits.Permit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds a {@link ConnectionPermits} permit for each HTTP request while it is served, so
 * that one address cannot hold more than its share of the server's connections with slow
 * requests; beyond it the request is answered 429 {@code rate_limited} with
 * {@code Retry-After: 1}, as a problem detail. WebSocket handshakes are left to the
 * gateway, which holds its permit for the socket's life.
 */
final class AddressLimitFilter extends OncePerRequestFilter {

	private final ConnectionPermits permits;

	private final JsonMapper json;

	AddressLimitFilter(ConnectionPermits permits, JsonMapper json) {
		this.permits = permits;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if ("websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
			chain.doFilter(request, response);
			return;
		}
		ConnectionPermits.Result result = this.permits.forRequest(request.getRemoteAddr());
		Optional<Permit> permit = result.permit();
		if (permit.isEmpty()) {
			refuse(response, result.refusal().orElse(ErrorCode.RATE_LIMITED));
			return;
		}
		try (Permit held = permit.get()) {
			chain.doFilter(request, response);
		}
	}

	private void refuse(HttpServletResponse response, ErrorCode code) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, "1");
		ProblemDetailsAdvice.write(response, this.json,
				ProblemDetailsAdvice.problem(code, "Too many connections from your address; try again shortly."));
	}

}
