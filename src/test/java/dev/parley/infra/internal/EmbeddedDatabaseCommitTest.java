package dev.parley.infra.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import dev.parley.infra.NodeProperties;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A commit on the embedded database, opened with the URL the application builds and no
 * wrapper around its connections, is in the file when it returns: an abrupt stop right
 * after it ({@code SHUTDOWN IMMEDIATELY} closes the file without writing anything, as a
 * {@code kill -9} would) keeps it. G1 (no acknowledged message lost) rests on this for
 * every write that something leaving the node is based on.
 */
class EmbeddedDatabaseCommitTest {

	@TempDir
	Path dir;

	private JdbcDataSource database;

	@BeforeEach
	void open() {
		JdbcConnectionDetails details = new EmbeddedDatabaseConfiguration()
			.embeddedDatabaseConnectionDetails(new NodeProperties(this.dir, ""));
		this.database = new JdbcDataSource();
		this.database.setURL(details.getJdbcUrl());
		this.database.setUser(details.getUsername());
		this.database.setPassword(details.getPassword());
	}

	@Test
	void keepsATransactionCommittedRightBeforeAnAbruptStop() throws SQLException {
		try (Connection keepOpen = openWithTable(); Connection connection = this.database.getConnection()) {
			connection.setAutoCommit(false);
			execute(connection, "INSERT INTO t VALUES (1)");
			execute(connection, "INSERT INTO t VALUES (2)");
			connection.commit();
			stopAbruptly(keepOpen);
		}
		assertThat(rowsAfterTheStop()).isEqualTo(2);
	}

	@Test
	void keepsAStatementOutsideATransactionRightBeforeAnAbruptStop() throws SQLException {
		try (Connection keepOpen = openWithTable(); Connection connection = this.database.getConnection()) {
			execute(connection, "INSERT INTO t VALUES (1)");
			stopAbruptly(keepOpen);
		}
		assertThat(rowsAfterTheStop()).isEqualTo(1);
	}

	@Test
	void keepsEveryOneOfManySmallCommits() throws SQLException {
		try (Connection keepOpen = openWithTable(); Connection connection = this.database.getConnection()) {
			connection.setAutoCommit(false);
			for (int n = 0; n < 200; n++) {
				execute(connection, "INSERT INTO t VALUES (" + n + ")");
				connection.commit();
			}
			stopAbruptly(keepOpen);
		}
		assertThat(rowsAfterTheStop()).isEqualTo(200);
	}

	/**
	 * A connection kept open (so the database stays open), and table {@code t}, forced
	 * into the file, so that only the commits under test are at stake.
	 */
	private Connection openWithTable() throws SQLException {
		Connection keepOpen = this.database.getConnection();
		execute(keepOpen, "CREATE TABLE t (n INT)");
		execute(keepOpen, "CHECKPOINT");
		return keepOpen;
	}

	private long rowsAfterTheStop() throws SQLException {
		try (Connection connection = this.database.getConnection();
				Statement statement = connection.createStatement();
				var rows = statement.executeQuery("SELECT COUNT(*) FROM t")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void stopAbruptly(Connection connection) throws SQLException {
		execute(connection, "SHUTDOWN IMMEDIATELY");
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
