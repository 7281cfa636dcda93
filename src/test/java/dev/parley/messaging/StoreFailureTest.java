package dev.parley.messaging;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class StoreFailureTest {

	@Test
	void takesDataExceptionsAndIntegrityViolationsForRefusals() {
		assertThat(StoreFailure.of(sql("22001"))).isEqualTo(StoreFailure.REFUSED);
		assertThat(StoreFailure.of(sql("22021"))).isEqualTo(StoreFailure.REFUSED);
		assertThat(StoreFailure.of(new DataIntegrityViolationException("insert", sql("23505"))))
			.isEqualTo(StoreFailure.REFUSED);
		BatchUpdateException batch = new BatchUpdateException("batch", null, 0, new int[0], null);
		batch.setNextException(sql("22P05"));
		assertThat(StoreFailure.of(new DataIntegrityViolationException("insert", batch)))
			.isEqualTo(StoreFailure.REFUSED);
		assertThat(StoreFailure.sqlState(new DataIntegrityViolationException("insert", batch))).isEqualTo("22P05");
	}

	@Test
	void takesEveryOtherDatabaseOrKafkaFailureForTransient() {
		assertThat(StoreFailure.of(sql("08006"))).isEqualTo(StoreFailure.TRANSIENT);
		assertThat(StoreFailure.of(sql("40001"))).isEqualTo(StoreFailure.TRANSIENT);
		assertThat(StoreFailure.of(sql("57P01"))).isEqualTo(StoreFailure.TRANSIENT);
		assertThat(StoreFailure.of(sql("HYT00"))).isEqualTo(StoreFailure.TRANSIENT);
		assertThat(StoreFailure.of(sql("42P01"))).isEqualTo(StoreFailure.TRANSIENT);
		assertThat(StoreFailure.of(new CannotGetJdbcConnectionException("pool",
				new SQLTransientConnectionException("Connection is not available, request timed out"))))
			.isEqualTo(StoreFailure.TRANSIENT);
		assertThat(StoreFailure.of(new CannotCreateTransactionException("no connection")))
			.isEqualTo(StoreFailure.TRANSIENT);
		assertThat(StoreFailure.of(new TimeoutException("metadata"))).isEqualTo(StoreFailure.TRANSIENT);
	}

	@Test
	void takesAFailureOfTheCodeItselfForAnError() {
		assertThat(StoreFailure.of(new NullPointerException())).isEqualTo(StoreFailure.ERROR);
		assertThat(StoreFailure.of(new IllegalStateException(new ArithmeticException()))).isEqualTo(StoreFailure.ERROR);
	}

	private static SQLException sql(String state) {
		return new SQLException("refused", state);
	}

}
