package dev.parley.infra.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which commits survive a crash of a real H2 file database ({@code SHUTDOWN IMMEDIATELY}
 * closes the file without writing anything, as a {@code kill -9} would). The write delay
 * is a minute here, so that H2's background writer cannot store anything during a test: a
 * commit is in the file only where {@link EmbeddedDatabaseDurability} wrote it.
 */
class EmbeddedDatabaseDurabilityTest {

	@TempDir
	Path dir;

	private JdbcDataSource raw;

	private SimpleMeterRegistry meters;

	private EmbeddedDatabaseDurability durability;

	private DataSource pool;

	@BeforeEach
	void open() throws SQLException {
		this.raw = new JdbcDataSource();
		this.raw.setURL("jdbc:h2:file:" + this.dir.resolve("db") + ";WRITE_DELAY=60000;DB_CLOSE_ON_EXIT=FALSE");
		this.raw.setUser("sa");
		this.meters = new SimpleMeterRegistry();
		this.durability = new EmbeddedDatabaseDurability(this.meters);
		this.pool = this.durability.wrap(this.raw);
	}

	@Test
	void aStatementOutsideATransactionIsInTheFileWhenItsConnectionCloses() throws SQLException {
		try (Connection keepOpen = openWithTable()) {
			try (Connection connection = this.pool.getConnection()) {
				execute(connection, "INSERT INTO t VALUES (1)");
			}
			crash(keepOpen);
		}
		assertThat(rowsAfterTheCrash()).isEqualTo(1);
	}

	@Test
	void aStatementOutsideATransactionIsInTheFileWhenItsConnectionClosesAfterAReadOnlyTransaction()
			throws SQLException {
		try (Connection keepOpen = openWithTable()) {
			try (Connection connection = this.pool.getConnection()) {
				execute(connection, "INSERT INTO t VALUES (1)");
				connection.setAutoCommit(false);
				execute(connection, "SELECT COUNT(*) FROM t");
				connection.commit();
				connection.setAutoCommit(true);
			}
			crash(keepOpen);
		}
		assertThat(rowsAfterTheCrash()).isEqualTo(1);
	}

	@Test
	void aTransactionIsInTheFileWhenItsCommitReturns() throws SQLException {
		try (Connection keepOpen = openWithTable()) {
			Connection connection = this.pool.getConnection();
			connection.setAutoCommit(false);
			execute(connection, "INSERT INTO t VALUES (1)");
			execute(connection, "INSERT INTO t VALUES (2)");
			connection.commit();
			// the crash comes before the connection goes back
			crash(keepOpen);
		}
		assertThat(rowsAfterTheCrash()).isEqualTo(2);
	}

	@Test
	void replayableWorkAloneReachesTheFileLater() throws SQLException {
		try (Connection keepOpen = openWithTable()) {
			this.durability.replayable(() -> insertThroughPool(1));
			crash(keepOpen);
		}
		// lost: the caller redoes it from its own log
		assertThat(rowsAfterTheCrash()).isZero();
		assertThat(replayable("later")).isEqualTo(1);
	}

	@Test
	void replayableWorkWhileAnotherConnectionIsInUseIsInTheFileWhenItReturns() throws SQLException {
		try (Connection keepOpen = openWithTable()) {
			try (Connection other = this.pool.getConnection()) {
				other.setAutoCommit(false);
				execute(other, "INSERT INTO t VALUES (2)");
				// the other's commit (not yet on disk) may have been read by the work
				this.durability.replayable(() -> insertThroughPool(1));
				crash(keepOpen);
			}
		}
		assertThat(rowsAfterTheCrash()).isEqualTo(1);
		assertThat(replayable("at-once")).isEqualTo(1);
	}

	@Test
	void replayableWorkDuringWhichAnotherConnectionCameAndWentIsInTheFileWhenItReturns() throws SQLException {
		try (Connection keepOpen = openWithTable()) {
			this.durability.replayable(() -> {
				insertThroughPool(1);
				// another thread's short statement, over before the work ends
				Thread other = new Thread(() -> insertThroughPool(2));
				other.start();
				join(other);
				return null;
			});
			crash(keepOpen);
		}
		assertThat(rowsAfterTheCrash()).isEqualTo(2);
		assertThat(replayable("at-once")).isEqualTo(1);
	}

	@Test
	void connectionsOfReplayableWorkAreNotCountedAsOthers() throws SQLException {
		try (Connection keepOpen = openWithTable()) {
			this.durability.replayable(() -> this.durability.replayable(() -> insertThroughPool(1)));
			this.durability.replayable(() -> insertThroughPool(2));
		}
		assertThat(replayable("later")).isEqualTo(2);
	}

	@Test
	void aTransactionThatOnlyReadStoresNothing() throws SQLException {
		try (Connection keepOpen = openWithTable()) {
			this.durability.replayable(() -> insertThroughPool(1));
			try (Connection reader = this.pool.getConnection()) {
				reader.setAutoCommit(false);
				execute(reader, "SELECT COUNT(*) FROM t");
				reader.commit();
				reader.setAutoCommit(true);
			}
			crash(keepOpen);
		}
		// the replayable row stayed out of the file: the reader wrote no chunk for it
		assertThat(rowsAfterTheCrash()).isZero();
	}

	/** A connection outside the pool, kept open, and table {@code t} in the file. */
	private Connection openWithTable() throws SQLException {
		Connection keepOpen = this.raw.getConnection();
		execute(keepOpen, "CREATE TABLE t (n INT)");
		forceToFile(keepOpen);
		return keepOpen;
	}

	private double replayable(String disk) {
		return this.meters.get("parley.database.replayable").tag("disk", disk).counter().count();
	}

	private Void insertThroughPool(int n) {
		try (Connection connection = this.pool.getConnection()) {
			execute(connection, "INSERT INTO t VALUES (" + n + ")");
			return null;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private long rowsAfterTheCrash() throws SQLException {
		try (Connection connection = this.raw.getConnection();
				Statement statement = connection.createStatement();
				var rows = statement.executeQuery("SELECT COUNT(*) FROM t")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void forceToFile(Connection connection) throws SQLException {
		execute(connection, "CHECKPOINT");
	}

	private static void crash(Connection connection) throws SQLException {
		execute(connection, "SHUTDOWN IMMEDIATELY");
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
