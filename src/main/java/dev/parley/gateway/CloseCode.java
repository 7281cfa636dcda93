package dev.parley.gateway;

import org.springframework.web.socket.CloseStatus;

/**
 * Every close code the server sends on a WebSocket, with its reason. Closing goes through
 * {@link #status()}, so this enum is the whole list; {@code docs/PROTOCOL.md} ("Close
 * codes") lists the same codes, which a test checks. Codes never change meaning.
 */
public enum CloseCode {

	/** The node is shutting down: reconnect to any node and resume. */
	GOING_AWAY(1001, "going away"),

	/** A binary message: the protocol is JSON text. */
	BINARY(1003, "binary messages not supported"),

	/** A message larger than the frame limit. */
	TOO_BIG(1009, "message too big"),

	/** The server failed handling a frame (a bug). */
	SERVER_ERROR(1011, "server error"),

	/**
	 * The node cannot serve the session now (its replay failed or is refused, the
	 * database is unreachable): reconnect later, with backoff, and resume.
	 */
	TRY_AGAIN_LATER(1013, "try again later"),

	/** Too many refused frames on this session. */
	PROTOCOL_ERRORS(4400, "too many protocol errors"),

	/** Not authenticated in time, or a bad token. */
	UNAUTHENTICATED(4401, "authentication required"),

	/** The device's token was revoked. */
	REVOKED(4403, "token revoked"),

	/** The client fell too far behind its outgoing frames. */
	TOO_SLOW(4408, "too slow; reconnect and resume"),

	/** Frames kept coming beyond the rate limit. */
	FLOODING(4429, "too many frames; slow down, reconnect and resume"),

	/** Sending on the socket failed while it was still open: reconnect and resume. */
	SEND_FAILED(4500, "sending failed; reconnect and resume");

	private final CloseStatus status;

	CloseCode(int code, String reason) {
		this.status = new CloseStatus(code, reason);
	}

	/** The code on the wire. */
	public int code() {
		return this.status.getCode();
	}

	/** The status to close a socket with. */
	public CloseStatus status() {
		return this.status;
	}

}
