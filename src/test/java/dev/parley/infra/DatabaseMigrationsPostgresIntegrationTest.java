package dev.parley.infra;

import dev.parley.ParleyPostgresTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@ParleyPostgresTest
class DatabaseMigrationsPostgresIntegrationTest extends DatabaseMigrationsIntegrationTest {

	@Autowired
	javax.sql.DataSource dataSource;

	@org.junit.jupiter.api.Test
	void runsOnPostgres() throws Exception {
		try (var connection = this.dataSource.getConnection()) {
			assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
		}
	}

}
