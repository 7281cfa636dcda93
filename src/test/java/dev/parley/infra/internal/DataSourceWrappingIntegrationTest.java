package dev.parley.infra.internal;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.ParleyIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default's data source carries both wrappers: the refusal of threads that
 * must not wait outside, the tracking of commits (G1) around the pool. A wrapper that
 * skipped the other's would leave one of them out silently.
 */
@ParleyIntegrationTest
class DataSourceWrappingIntegrationTest {

	@Autowired
	DataSource dataSource;

	@Test
	void checksThreadsThenTracksCommitsAroundThePool() {
		assertThat(this.dataSource).isInstanceOf(NonBlockingDataSource.class);
		DataSource inner = ((DelegatingDataSource) this.dataSource).getTargetDataSource();
		assertThat(inner).isInstanceOf(EmbeddedDatabaseDurability.Commits.class);
		assertThat(((DelegatingDataSource) inner).getTargetDataSource()).isInstanceOf(HikariDataSource.class);
	}

}
