package dev.parley.infra.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the embedded H2 file to its live data when the node starts, before anything
 * else opens it, with H2's {@code SHUTDOWN COMPACT} (which copies the live pages to a new
 * file and puts it in place of the old one). H2 appends every commit to the file, and
 * with {@code WRITE_DELAY=0} nothing moves live pages out of old parts of the file while
 * the database is open, so a node under sustained load grows the file far beyond its live
 * data; each start shrinks it back. Runs on the starting thread; not thread-safe.
 */
final class EmbeddedDatabaseCompaction {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseCompaction.class);

	private EmbeddedDatabaseCompaction() {
	}

	/**
	 * Compacts the database at {@code url} if its file exists; no one else may have the
	 * database open.
	 * @param file the database's file ({@code <name>.mv.db})
	 * @param url the JDBC URL the node opens it with
	 * @param user the user
	 * @param password the password
	 */
	static void compact(Path file, String url, String user, String password) {
		if (!Files.exists(file)) {
			return;
		}
		long before = size(file);
		long start = System.nanoTime();
		try (Connection connection = DriverManager.getConnection(url, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute("SHUTDOWN COMPACT");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Compacting the embedded database " + file + " failed", ex);
		}
		log.info("Compacted the embedded database from {} MB to {} MB in {} ms", before >> 20, size(file) >> 20,
				(System.nanoTime() - start) / 1_000_000);
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
