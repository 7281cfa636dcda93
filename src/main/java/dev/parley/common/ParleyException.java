package dev.parley.common;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.CannotCreateTransactionException;

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

	/**
	 * The failure a client sees when the database could not answer in time: a lock not
	 * granted within the database's lock timeout (a hot row such as a rate-limit bucket
	 * under a burst), a deadlock, no free connection in the pool, a statement timed out,
	 * the database unreachable. They are {@link ErrorCode#UNAVAILABLE}, to be tried again
	 * a second later, not bugs.
	 * @return the failure to show, or empty when {@code failure} is none of those
	 */
	public static Optional<ParleyException> ifDatabaseBusy(Throwable failure) {
		if (failure instanceof PessimisticLockingFailureException || failure instanceof QueryTimeoutException
				|| failure instanceof DataAccessResourceFailureException
				|| failure instanceof CannotCreateTransactionException || lostConnection(failure)) {
			return Optional.of(new ParleyException(ErrorCode.UNAVAILABLE,
					"The server is too busy to answer now; try again in a second.", Duration.ofSeconds(1)));
		}
		return Optional.empty();
	}

	/**
	 * Whether a data-access failure is the driver saying its connection failed (JDBC's
	 * connection exceptions), which Spring may leave uncategorised when the driver's own
	 * error code is not one it lists (H2's "IO Exception" on a cut connection).
	 */
	private static boolean lostConnection(Throwable failure) {
		if (!(failure instanceof DataAccessException)) {
			return false;
		}
		for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLNonTransientConnectionException || cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLRecoverableException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * For {@link ErrorCode#RATE_LIMITED} and a busy {@link ErrorCode#UNAVAILABLE}: when
	 * the client may try again.
	 */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
