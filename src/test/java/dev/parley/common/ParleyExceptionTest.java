package dev.parley.common;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class ParleyExceptionTest {

	@Test
	void aDatabaseTooBusyToAnswerIsUnavailableForASecond() {
		for (RuntimeException busy : new RuntimeException[] { new CannotAcquireLockException("lock"),
				new PessimisticLockingFailureException("deadlock"), new QueryTimeoutException("slow"),
				new CannotGetJdbcConnectionException("pool"), new CannotCreateTransactionException("begin") }) {
			assertThat(ParleyException.ifDatabaseBusy(busy)).as(busy.getClass().getSimpleName())
				.hasValueSatisfying((ex) -> {
					assertThat(ex.errorCode()).isEqualTo(ErrorCode.UNAVAILABLE);
					assertThat(ex.retryAfter()).contains(Duration.ofSeconds(1));
				});
		}
	}

	@Test
	void aConnectionTheDriverLostIsUnavailableEvenWhenSpringLeftItUncategorised() {
		SQLException lost = new SQLNonTransientConnectionException("IO Exception", "90028", 90028);
		assertThat(ParleyException.ifDatabaseBusy(new UncategorizedSQLException("query", "SELECT 1", lost)))
			.hasValueSatisfying((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.UNAVAILABLE));
		assertThat(ParleyException
			.ifDatabaseBusy(new UncategorizedSQLException("query", "SELECT 1", new SQLException("syntax", "42000"))))
			.isEmpty();
	}

	@Test
	void otherFailuresAreNotBusy() {
		assertThat(ParleyException.ifDatabaseBusy(new DataIntegrityViolationException("duplicate"))).isEmpty();
		assertThat(ParleyException.ifDatabaseBusy(new IllegalStateException("bug"))).isEmpty();
		assertThat(ParleyException.ifDatabaseBusy(new ParleyException(ErrorCode.CONFLICT, null))).isEmpty();
	}

}
