package dev.parley.messaging;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Tag;

/**
 * {@link ClientIdMigrationTest} on PostgreSQL, in a schema of its own in the database
 * named by {@code PARLEY_TEST_POSTGRES_URL}, dropped afterwards.
 */
@Tag("postgres")
class ClientIdMigrationPostgresTest extends ClientIdMigrationTest {

	@Override
	String url() {
		String url = System.getenv("PARLEY_TEST_POSTGRES_URL");
		if (url == null) {
			throw new IllegalStateException("PARLEY_TEST_POSTGRES_URL is not set");
		}
		return url;
	}

	@Override
	String schema() {
		return "client_id_migration";
	}

	@Override
	void dropSchema(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS client_id_migration CASCADE");
		}
	}

}
