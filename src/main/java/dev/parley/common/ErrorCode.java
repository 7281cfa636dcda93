package dev.parley.common;

/**
 * Every failure a client can see, with its stable wire code, HTTP status and default
 * message. The enum constant may be renamed; {@link #code()} never changes and is never
 * reused (G6). {@code docs/PROTOCOL.md} lists every code; a test keeps the two in sync.
 */
public enum ErrorCode {

	/** A field is missing, malformed or out of range. */
	VALIDATION_FAILED("validation_failed", 400, "The request is invalid."),

	/** The body is not readable JSON, or a frame is not a JSON object. */
	MALFORMED_REQUEST("malformed_request", 400, "The request could not be read."),

	/** No credentials, or credentials that are unknown, expired or revoked. */
	UNAUTHENTICATED("unauthenticated", 401, "A valid access token is required."),

	/** The activation code is wrong, expired, used or void. */
	INVALID_CODE("invalid_code", 401, "The activation code is not valid."),

	/** Authenticated, but not allowed to do this. */
	FORBIDDEN("forbidden", 403, "You are not allowed to do this."),

	/** The recipient blocked the sender: the message is refused. */
	BLOCKED("blocked", 403, "The recipient does not accept your messages."),

	/** The addressed resource does not exist (or is not visible to the caller). */
	NOT_FOUND("not_found", 404, "No such resource."),

	/** The HTTP method is not one the path takes; {@code Allow} lists those it does. */
	METHOD_NOT_ALLOWED("method_not_allowed", 405, "This method is not allowed here."),

	/** The body is not JSON; {@code Accept} names the type the path takes. */
	UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415, "The body must be application/json."),

	/** The request conflicts with the current state. */
	CONFLICT("conflict", 409, "The request conflicts with the current state."),

	/** The body or a field is larger than allowed. */
	PAYLOAD_TOO_LARGE("payload_too_large", 413, "The request is too large."),

	/** Too many requests; retry after the time given. */
	RATE_LIMITED("rate_limited", 429, "Too many requests; try again later."),

	/** A bug on the server; the log has the details. */
	INTERNAL_ERROR("internal_error", 500, "Something went wrong on the server."),

	/** A dependency (Kafka, the database) is not reachable; retry later. */
	UNAVAILABLE("unavailable", 503, "The service is temporarily unavailable.");

	private final String code;

	private final int httpStatus;

	private final String defaultMessage;

	ErrorCode(String code, int httpStatus, String defaultMessage) {
		this.code = code;
		this.httpStatus = httpStatus;
		this.defaultMessage = defaultMessage;
	}

	/** The error with this wire code, if any. */
	public static java.util.Optional<ErrorCode> fromCode(String code) {
		for (ErrorCode candidate : values()) {
			if (candidate.code.equals(code)) {
				return java.util.Optional.of(candidate);
			}
		}
		return java.util.Optional.empty();
	}

	/** The stable snake_case wire code. */
	public String code() {
		return this.code;
	}

	/** The HTTP status used on REST. */
	public int httpStatus() {
		return this.httpStatus;
	}

	/** The message used when no detail is given. */
	public String defaultMessage() {
		return this.defaultMessage;
	}

}
