package dev.parley.messaging;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The migration that makes a sender's client id unique per conversation, on a database
 * that already holds events under the same sender and client id (H2 here, PostgreSQL in
 * the subclass): every event keeps its number and content, the later events of each such
 * pair lose their client id, and the constraint holds afterwards, for events with a
 * client id only.
 */
class ClientIdMigrationTest {

	private Connection connection;

	@BeforeEach
	void open() throws SQLException {
		this.connection = DriverManager.getConnection(url());
	}

	@AfterEach
	void close() throws SQLException {
		dropSchema(this.connection);
		this.connection.close();
	}

	/** A database of its own for this test. */
	String url() {
		return "jdbc:h2:mem:client-id-migration;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
	}

	/** The schema this test migrates. */
	String schema() {
		return "public";
	}

	void dropSchema(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("DROP ALL OBJECTS");
		}
	}

	@Test
	void keepsEveryEventAndTakesTheClientIdOffLaterDuplicates() throws SQLException {
		migrate("36");
		execute("INSERT INTO events (conversation_id, seq, kind, sender_id, client_id, body, created_at) VALUES "
				+ "(1, 1, 'message', 7, 'x', 'first', CURRENT_TIMESTAMP), "
				+ "(1, 2, 'member', 7, NULL, NULL, CURRENT_TIMESTAMP), "
				+ "(1, 3, 'message', 7, 'x', 'second', CURRENT_TIMESTAMP), "
				+ "(1, 4, 'message', 8, 'x', 'another sender', CURRENT_TIMESTAMP), "
				+ "(1, 5, 'message', 7, 'x', 'third', CURRENT_TIMESTAMP), "
				+ "(2, 1, 'message', 7, 'x', 'another conversation', CURRENT_TIMESTAMP)");
		execute("INSERT INTO sequences (conversation_id, last_seq, last_event_at, keys_upto) "
				+ "VALUES (1, 5, CURRENT_TIMESTAMP, 3)");

		migrate(null);

		assertThat(rows("SELECT conversation_id, seq, client_id, body FROM events ORDER BY conversation_id, seq"))
			.containsExactly("1/1/x/first", "1/2/null/null", "1/3/null/second", "1/4/x/another sender",
					"1/5/null/third", "2/1/x/another conversation");
		assertThat(rows("SELECT conversation_id, last_seq FROM sequences")).containsExactly("1/5");
		assertThatThrownBy(() -> execute("INSERT INTO events (conversation_id, seq, kind, sender_id, client_id, "
				+ "created_at) VALUES (1, 6, 'message', 7, 'x', CURRENT_TIMESTAMP)"))
			.isInstanceOfSatisfying(SQLException.class, (ex) -> assertThat(ex.getSQLState()).isEqualTo("23505"));
		execute("INSERT INTO events (conversation_id, seq, kind, sender_id, client_id, created_at) VALUES "
				+ "(1, 6, 'member', 7, NULL, CURRENT_TIMESTAMP), (1, 7, 'member', 7, NULL, CURRENT_TIMESTAMP)");
		assertThatThrownBy(() -> execute("SELECT keys_upto FROM sequences")).isInstanceOf(SQLException.class);
		assertThatThrownBy(() -> execute("SELECT * FROM client_keys")).isInstanceOf(SQLException.class);
	}

	private void migrate(String target) {
		var configuration = Flyway.configure()
			.dataSource(url(), null, null)
			.schemas(schema())
			.createSchemas(true)
			.locations("classpath:db/migration");
		if (target != null) {
			configuration.target(target);
		}
		configuration.load().migrate();
	}

	private void execute(String sql) throws SQLException {
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("SET search_path TO " + schema());
			statement.execute(sql);
		}
	}

	private List<String> rows(String sql) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("SET search_path TO " + schema());
			try (ResultSet result = statement.executeQuery(sql)) {
				int columns = result.getMetaData().getColumnCount();
				while (result.next()) {
					List<String> values = new ArrayList<>();
					for (int i = 1; i <= columns; i++) {
						values.add(String.valueOf(result.getObject(i)));
					}
					rows.add(String.join("/", values));
				}
			}
		}
		return rows;
	}

}
