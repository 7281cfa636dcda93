package dev.parley.messaging;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.KafkaException;

import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Why storing inbound commands failed, as far as the sequencer needs to know: whether
 * trying the same commands again later can succeed. The database's SQLState decides where
 * there is one (as Spring's own exception translation does): class 22 (data exception: a
 * value too long, a character the encoding cannot store) and class 23 (integrity
 * constraint violation) mean the store refuses these data and always will; every other
 * SQLState (a lost connection, a lock or statement timeout, a serialization failure, a
 * database shutting down) is worth retrying. Failures with no SQLState are retried when
 * they say so (Spring's transient and recoverable data-access exceptions, transaction
 * infrastructure, Kafka), and are otherwise an {@link #ERROR}.
 */
enum StoreFailure {

	/** The dependency is failing for now: retry the same commands later. */
	TRANSIENT("transient"),

	/** The store refuses the data of a command (SQLState class 22 or 23). */
	REFUSED("refused"),

	/** Neither: the code failed on the command (a bug, or a command it cannot handle). */
	ERROR("error");

	private final String reason;

	StoreFailure(String reason) {
		this.reason = reason;
	}

	/** The low-cardinality name used in metrics and dead-letter headers. */
	String reason() {
		return this.reason;
	}

	static StoreFailure of(Throwable failure) {
		String state = sqlState(failure);
		if (state != null) {
			return (state.startsWith("22") || state.startsWith("23")) ? REFUSED : TRANSIENT;
		}
		for (Throwable cause : chain(failure)) {
			if (cause instanceof SQLException || cause instanceof TransientDataAccessException
					|| cause instanceof RecoverableDataAccessException || cause instanceof TransactionException
					|| cause instanceof KafkaException || cause instanceof TimeoutException) {
				return TRANSIENT;
			}
		}
		return ERROR;
	}

	/**
	 * The first SQLState in the failure's causes (and the chained exceptions of a batch
	 * update), or {@code null}.
	 */
	static String sqlState(Throwable failure) {
		for (Throwable cause : chain(failure)) {
			if (cause instanceof SQLException sql) {
				for (SQLException next = sql; next != null; next = next.getNextException()) {
					String state = next.getSQLState();
					if (state != null && state.length() >= 2) {
						return state;
					}
				}
			}
		}
		return null;
	}

	/** The failure and its causes, outermost first (at most 32: a cycle ends there). */
	private static List<Throwable> chain(Throwable failure) {
		List<Throwable> causes = new ArrayList<>();
		for (Throwable cause = failure; cause != null && causes.size() < 32; cause = cause.getCause()) {
			causes.add(cause);
		}
		return causes;
	}

}
