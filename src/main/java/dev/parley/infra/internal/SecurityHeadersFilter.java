package dev.parley.infra.internal;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds the browser protections to every response: a strict Content-Security-Policy (the
 * web client loads only its own scripts, styles and images, connects only to its own
 * origin and its WebSocket, and cannot be framed), {@code X-Content-Type-Options:
 * nosniff}, {@code X-Frame-Options: DENY} for browsers without {@code frame-ancestors},
 * and {@code Referrer-Policy: no-referrer}. The client keeps its token in
 * {@code localStorage}: the policy is what keeps an injected script from reading it.
 */
final class SecurityHeadersFilter extends OncePerRequestFilter {

	/** A host and optional port as Tomcat accepts them; anything else is left out. */
	private static final Pattern HOST = Pattern
		.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Content-Security-Policy", policy(request.getHeader(HttpHeaders.HOST)));
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Referrer-Policy", "no-referrer");
		chain.doFilter(request, response);
	}

	/**
	 * The policy for a page served as {@code host}. The socket's origin is named for
	 * browsers whose {@code 'self'} does not cover {@code ws:}/{@code wss:}.
	 */
	static String policy(String host) {
		String sockets = (host != null && HOST.matcher(host).matches()) ? " ws://" + host + " wss://" + host : "";
		return "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'" + sockets
				+ "; img-src 'self' data: blob:; media-src 'self' blob:; object-src 'none'; frame-ancestors 'none'; "
				+ "base-uri 'none'; form-action 'self'";
	}

}
