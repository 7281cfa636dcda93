package dev.parley.common;

import java.time.Duration;
import java.util.Optional;

/**
 * An expected failure that a client will see, carrying a stable {@link ErrorCode}. It has
 * no stack trace: it is control flow, not a bug. REST maps it to an RFC 9457 problem
 * detail, the WebSocket gateway to an {@code error} frame, both with the same code.
 */
public class ParleyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final ErrorCode errorCode;

	private final Duration retryAfter;

	public ParleyException(ErrorCode errorCode, String detail) {
		this(errorCode, detail, null);
	}

	public ParleyException(ErrorCode errorCode, String detail, Duration retryAfter) {
		super((detail != null) ? detail : errorCode.defaultMessage(), null, false, false);
		this.errorCode = errorCode;
		this.retryAfter = retryAfter;
	}

	public ErrorCode errorCode() {
		return this.errorCode;
	}

	/** For {@link ErrorCode#RATE_LIMITED}: when the client may try again. */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
