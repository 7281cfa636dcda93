package dev.parley.infra.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.parley.infra.NodeProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * An H2 file database under the data directory when {@code spring.datasource.url} is not
 * set, configured only through H2's documented settings in its URL:
 * <ul>
 * <li>{@code WRITE_DELAY=0}: every commit is written to the file before it returns, so a
 * {@code kill -9} of the JVM loses nothing anyone was told is done (G1: no acknowledged
 * message lost). H2 then runs no background writer, and so never moves live pages out of
 * old parts of the file while it is open: {@link EmbeddedDatabaseCompaction} rewrites the
 * file to its live data at every start, before the pool opens it.</li>
 * <li>{@code MAX_COMPACT_TIME=0}: closing does not compact (H2's default is up to 200
 * ms); the next start compacts fully.</li>
 * <li>{@code DB_CLOSE_ON_EXIT=FALSE}: closing is left to the application. H2's own
 * shutdown hook would close the database at once, beside Spring's, while the sequencer,
 * the tails and the sessions are still finishing their work (a SIGTERM under load failed
 * the sequencer's batch in hand); without it the database closes when the connection pool
 * does, after everything that uses it.</li>
 * <li>{@code CACHE_SIZE}, {@code QUERY_CACHE_SIZE}: below.</li>
 * </ul>
 * H2's retention time stays at its default (45 s): H2 assumes the OS writes what it
 * buffers to the device within it.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnEmbeddedDatabase.class)
class EmbeddedDatabaseConfiguration {

	/**
	 * H2's page cache in KB (H2's default is 16 MB). H2 keeps there the pages it reads
	 * and the pages it writes, until newer ones push them out; a page changed is written
	 * to a new place at the next store, so under load much of the cache holds versions no
	 * one will use again; while they stay, every young collection copies them. At 1,000
	 * msg/s a 4 MB cache cut the survivors from about 16 MB to 7 MB and the young pauses
	 * about by half, for more reads from the file (which the OS has cached); runs in
	 * {@code git show 0211c51^:docs/BENCHMARKS.md}.
	 */
	static final int CACHE_SIZE_KB = 4 * 1024;

	/** The database's name: its file is {@code parley.mv.db}. */
	private static final String NAME = "parley";

	private static final String USER = "sa";

	/**
	 * Parsed statements H2 keeps per connection, by their SQL text (H2's default is 8):
	 * the sequencer's batch alone runs more distinct statements than that, several of
	 * them built for the batch's size, and each one missing is parsed again.
	 */
	static final int QUERY_CACHE_SIZE = 64;

	@Bean
	JdbcConnectionDetails embeddedDatabaseConnectionDetails(NodeProperties node) {
		Path dir = DataDirectory.prepare(node.dataDir(), "db");
		String url = "jdbc:h2:file:" + dir.resolve(NAME) + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;MAX_COMPACT_TIME=0;DB_CLOSE_ON_EXIT=FALSE;"
				+ "QUERY_CACHE_SIZE=" + QUERY_CACHE_SIZE + ";CACHE_SIZE=" + CACHE_SIZE_KB;
		EmbeddedDatabaseCompaction.compact(file(dir), url, USER, "");
		return new JdbcConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return url;
			}

			@Override
			public String getUsername() {
				return USER;
			}

			@Override
			public String getPassword() {
				return "";
			}

		};
	}

	/**
	 * The size of the database's file: under sustained load it grows beyond the live data
	 * until the next start compacts it (docs/OPERATIONS.md).
	 */
	@Bean
	MeterBinder embeddedDatabaseSize(NodeProperties node) {
		Path file = file(node.dataDir().resolve("db"));
		return (registry) -> Gauge.builder("parley.database.size", file, EmbeddedDatabaseConfiguration::size)
			.description("Size of the embedded database's file")
			.baseUnit("bytes")
			.register(registry);
	}

	private static Path file(Path dir) {
		return dir.resolve(NAME + ".mv.db");
	}

	private static double size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return Double.NaN;
		}
	}

}
