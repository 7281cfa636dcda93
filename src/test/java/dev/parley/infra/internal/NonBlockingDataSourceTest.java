package dev.parley.infra.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.parley.infra.NonBlockingThreads;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class NonBlockingDataSourceTest {

	private final AtomicInteger taken = new AtomicInteger();

	private final DataSource target = counting(h2());

	private final DataSource guarded = (DataSource) new NonBlockingDataSource.Wrapper()
		.postProcessAfterInitialization(this.target, "dataSource");

	@AfterEach
	void unmark() {
		NonBlockingThreads.exit();
	}

	@Test
	void givesConnectionsToOrdinaryThreads() throws Exception {
		try (Connection connection = this.guarded.getConnection()) {
			assertThat(connection.isValid(1)).isTrue();
		}
		assertThat(this.taken).hasValue(1);
	}

	@Test
	void refusesAMarkedThreadBeforeTakingAConnection() {
		NonBlockingThreads.enter();
		assertThatThrownBy(this.guarded::getConnection).isInstanceOf(NonBlockingThreads.WouldBlockException.class);
		assertThatThrownBy(() -> this.guarded.getConnection("sa", ""))
			.isInstanceOf(NonBlockingThreads.WouldBlockException.class);
		assertThat(this.taken).hasValue(0);
	}

	@Test
	void aRefusalThroughSpringsJdbcIsRecognised() {
		NonBlockingThreads.enter();
		Throwable failure = catchThrowable(
				() -> JdbcClient.create(this.guarded).sql("SELECT 1").query(Integer.class).single());
		assertThat(NonBlockingThreads.wouldBlock(failure)).isTrue();
		assertThat(NonBlockingThreads.wouldBlock(new DataAccessResourceFailureException("down"))).isFalse();
		NonBlockingThreads.exit();
		assertThat(JdbcClient.create(this.guarded).sql("SELECT 1").query(Integer.class).single()).isEqualTo(1);
	}

	@Test
	void wrapsDataSourcesOnceAndNothingElse() {
		NonBlockingDataSource.Wrapper wrapper = new NonBlockingDataSource.Wrapper();
		assertThat(this.guarded).isInstanceOf(NonBlockingDataSource.class);
		assertThat(wrapper.postProcessAfterInitialization(this.guarded, "dataSource")).isSameAs(this.guarded);
		Object other = new Object();
		assertThat(wrapper.postProcessAfterInitialization(other, "other")).isSameAs(other);
	}

	private static DataSource h2() {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:non-blocking;DB_CLOSE_DELAY=-1");
		h2.setUser("sa");
		h2.setPassword("");
		return h2;
	}

	private DataSource counting(DataSource source) {
		return new DelegatingDataSource(source) {

			@Override
			public Connection getConnection() throws SQLException {
				NonBlockingDataSourceTest.this.taken.incrementAndGet();
				return super.getConnection();
			}

			@Override
			public Connection getConnection(String username, String password) throws SQLException {
				NonBlockingDataSourceTest.this.taken.incrementAndGet();
				return super.getConnection(username, password);
			}

		};
	}

}
