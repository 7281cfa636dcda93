package dev.parley.gateway;

import java.net.InetSocketAddress;
import java.util.Map;

import dev.parley.common.ErrorCode;
import dev.parley.infra.ConnectionPermits;
import dev.parley.infra.ConnectionPermits.Permit;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Takes a {@link ConnectionPermits} permit for each WebSocket handshake (Parley's
 * {@code /ws} and the seed's {@code /messaging}) and holds it while the socket is open
 * ({@link Gateway#closed} gives it back). A handshake beyond the client address's share
 * is answered 429, beyond the node's sockets 503, both with {@code Retry-After: 1}. Must
 * be the first interceptor of a handler, so that a refusal costs no token lookup.
 * Thread-safe.
 */
@Component
public final class SocketPermits implements HandshakeInterceptor {

	static final String PERMIT = Permit.class.getName();

	private final ConnectionPermits permits;

	SocketPermits(ConnectionPermits permits) {
		this.permits = permits;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		InetSocketAddress remote = request.getRemoteAddress();
		String address = (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress()
				: "unknown";
		ConnectionPermits.Result result = this.permits.forSocket(address);
		if (result.permit().isEmpty()) {
			ErrorCode code = result.refusal().orElse(ErrorCode.UNAVAILABLE);
			response.setStatusCode(HttpStatusCode.valueOf(code.httpStatus()));
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
			return false;
		}
		attributes.put(PERMIT, result.permit().get());
		request.getAttributes().put(PERMIT, result.permit().get());
		return true;
	}

	/** Gives the permit back unless the socket was opened (then the session holds it). */
	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
		boolean upgraded = exception == null && response instanceof ServletServerHttpResponse servlet
				&& servlet.getServletResponse().getStatus() == HttpStatus.SWITCHING_PROTOCOLS.value();
		if (!upgraded && request.getAttributes().get(PERMIT) instanceof Permit permit) {
			permit.close();
		}
	}

	static void release(WebSocketSession socket) {
		if (socket.getAttributes().get(PERMIT) instanceof Permit permit) {
			permit.close();
		}
	}

}
