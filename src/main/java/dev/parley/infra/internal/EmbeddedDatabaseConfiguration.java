package dev.parley.infra.internal;

import java.nio.file.Path;

import javax.sql.DataSource;

import dev.parley.infra.NodeProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * An H2 file database under the data directory when {@code spring.datasource.url} is not
 * set. {@code WRITE_DELAY=0} makes every commit reach the file before it returns, so a
 * {@code kill -9} of the JVM loses no committed row (G1 rests on it). That setting also
 * stops H2's background writer, so {@link EmbeddedDatabaseHousekeeping} does its
 * compaction, and forces the file to disk often enough that a short retention time
 * ({@link EmbeddedDatabaseHousekeeping#RETENTION_MILLIS}) is safe.
 * {@code MAX_COMPACT_TIME=0} leaves compaction to the housekeeping when the database
 * closes too: H2 2.4.240's own pass on close failed an internal assertion in 45 of 76
 * databases the test suite had left. {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to the
 * application: H2's own shutdown hook would close the database at once, beside Spring's,
 * while the sequencer, the tails and the sessions are still finishing their work (a
 * SIGTERM under load failed the sequencer's batch in hand and logged errors); without it
 * the database closes when the connection pool does, after everything that uses it.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnEmbeddedDatabase.class)
class EmbeddedDatabaseConfiguration {

	@Bean
	JdbcConnectionDetails embeddedDatabaseConnectionDetails(NodeProperties node) {
		Path dir = node.dataDir().resolve("db").toAbsolutePath().normalize();
		EmbeddedKafkaBroker.ensureWritable(dir);
		String url = "jdbc:h2:file:" + dir.resolve("parley") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;RETENTION_TIME="
				+ EmbeddedDatabaseHousekeeping.RETENTION_MILLIS
				+ ";MAX_COMPACT_TIME=0;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE";
		return new JdbcConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return url;
			}

			@Override
			public String getUsername() {
				return "sa";
			}

			@Override
			public String getPassword() {
				return "";
			}

		};
	}

	@Bean
	EmbeddedDatabaseHousekeeping embeddedDatabaseHousekeeping(DataSource dataSource, MeterRegistry meters) {
		return new EmbeddedDatabaseHousekeeping(dataSource, meters);
	}

}
