package dev.parley.infra.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import dev.parley.infra.NodeProperties;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded database's file, written in many small commits as the sequencer writes it
 * (each appends rows and rewrites one hot row, so most of what each commit wrote is
 * superseded while a little of it stays live), is rewritten to its live data when the
 * node starts again after an abrupt stop, and keeps every row.
 */
class EmbeddedDatabaseCompactionTest {

	private static final int COMMITS = 3000;

	@TempDir
	Path dir;

	@Test
	void startingAgainShrinksAFileWrittenInSmallCommitsToItsLiveData() throws SQLException, IOException {
		JdbcDataSource database = database(start());
		try (Connection keepOpen = database.getConnection()) {
			writeInSmallCommits(keepOpen);
			execute(keepOpen, "SHUTDOWN IMMEDIATELY");
		}
		long written = Files.size(file());

		JdbcDataSource restarted = database(start());

		assertThat(Files.size(file())).isLessThan(written / 4);
		try (Connection connection = restarted.getConnection();
				Statement statement = connection.createStatement();
				var rows = statement.executeQuery("SELECT COUNT(*), SUM(n), (SELECT last FROM hot) FROM log")) {
			rows.next();
			assertThat(rows.getLong(1)).isEqualTo(COMMITS);
			assertThat(rows.getLong(2)).isEqualTo(COMMITS * (COMMITS - 1L) / 2);
			assertThat(rows.getLong(3)).isEqualTo(COMMITS - 1L);
		}
	}

	/** What the node does at startup: the embedded database's connection details. */
	private JdbcConnectionDetails start() {
		return new EmbeddedDatabaseConfiguration().embeddedDatabaseConnectionDetails(new NodeProperties(this.dir, ""));
	}

	private Path file() {
		return this.dir.resolve("db").resolve("parley.mv.db");
	}

	private static JdbcDataSource database(JdbcConnectionDetails details) {
		JdbcDataSource database = new JdbcDataSource();
		database.setURL(details.getJdbcUrl());
		database.setUser(details.getUsername());
		database.setPassword(details.getPassword());
		return database;
	}

	private static void writeInSmallCommits(Connection connection) throws SQLException {
		execute(connection, "CREATE TABLE log (id BIGINT PRIMARY KEY, n BIGINT, body VARCHAR(200))");
		execute(connection, "CREATE TABLE hot (id BIGINT PRIMARY KEY, last BIGINT)");
		execute(connection, "INSERT INTO hot VALUES (1, 0)");
		connection.setAutoCommit(false);
		try (PreparedStatement insert = connection.prepareStatement("INSERT INTO log VALUES (?, ?, ?)");
				PreparedStatement update = connection.prepareStatement("UPDATE hot SET last = ? WHERE id = 1")) {
			for (int i = 0; i < COMMITS; i++) {
				insert.setLong(1, i);
				insert.setLong(2, i);
				insert.setString(3, "message body number " + i + " ".repeat(80));
				insert.executeUpdate();
				update.setLong(1, i);
				update.executeUpdate();
				connection.commit();
			}
		}
		connection.setAutoCommit(true);
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
