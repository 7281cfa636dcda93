package dev.parley.infra.internal;

import java.nio.file.Path;

import javax.sql.DataSource;

import dev.parley.infra.NodeProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * An H2 file database under the data directory when {@code spring.datasource.url} is not
 * set. H2 writes commits to its file with a delay ({@value #WRITE_DELAY_MILLIS} ms), and
 * {@link EmbeddedDatabaseDurability} writes them sooner where the guarantees need it: a
 * commit through the pool is in the file before it returns (so a {@code kill -9} of the
 * JVM loses nothing anyone was told is done, G1), while the sequencer's batches, which it
 * can redo from the inbound topic, share one write. {@link EmbeddedDatabaseHousekeeping}
 * forces the file to disk often enough that a short retention time
 * ({@link EmbeddedDatabaseHousekeeping#RETENTION_MILLIS}) is safe and moves live pages
 * out of sparse chunks in small steps. {@code MAX_COMPACT_TIME=0} leaves compaction to
 * the housekeeping when the database closes too: H2 2.4.240's own pass on close failed an
 * internal assertion in 45 of 76 databases the test suite had left.
 * {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to the application: H2's own shutdown
 * hook would close the database at once, beside Spring's, while the sequencer, the tails
 * and the sessions are still finishing their work (a SIGTERM under load failed the
 * sequencer's batch in hand and logged errors); without it the database closes when the
 * connection pool does, after everything that uses it.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnEmbeddedDatabase.class)
class EmbeddedDatabaseConfiguration {

	/**
	 * H2's {@code WRITE_DELAY}: how long a commit of the sequencer may stay in memory
	 * before H2's background writer stores it (and how much of the inbound topic the
	 * sequencer may read again after a crash).
	 */
	static final int WRITE_DELAY_MILLIS = 200;

	/**
	 * H2's page cache in KB (H2's default is 16 MB). H2 keeps there the pages it reads
	 * and the pages it writes, until newer ones push them out; a page changed is written
	 * to a new place at the next store, so under load much of the cache holds versions no
	 * one will use again; while they stay, every young collection copies them. At 1,000
	 * msg/s a 4 MB cache cut the survivors from about 16 MB to 7 MB and the young pauses
	 * about by half, for more reads from the file (which the OS has cached); see
	 * docs/BENCHMARKS.md.
	 */
	static final int CACHE_SIZE_KB = 4 * 1024;

	@Bean
	JdbcConnectionDetails embeddedDatabaseConnectionDetails(NodeProperties node) {
		Path dir = DataDirectory.prepare(node.dataDir(), "db");
		String url = "jdbc:h2:file:" + dir.resolve("parley") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=" + WRITE_DELAY_MILLIS + ";RETENTION_TIME="
				+ EmbeddedDatabaseHousekeeping.RETENTION_MILLIS
				+ ";MAX_COMPACT_TIME=0;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=" + CACHE_SIZE_KB;
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
	EmbeddedDatabaseDurability embeddedDatabaseDurability(MeterRegistry meters) {
		return new EmbeddedDatabaseDurability(meters);
	}

	/**
	 * Wraps the pool so that its commits reach the file before they return. Declared with
	 * its own type, so that Spring sees it is {@link Ordered} before it creates it.
	 */
	@Bean
	static CommitsWrapper embeddedDatabaseCommits(ObjectProvider<EmbeddedDatabaseDurability> durability) {
		return new CommitsWrapper(durability);
	}

	static final class CommitsWrapper implements BeanPostProcessor, Ordered {

		private final ObjectProvider<EmbeddedDatabaseDurability> durability;

		CommitsWrapper(ObjectProvider<EmbeddedDatabaseDurability> durability) {
			this.durability = durability;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof DataSource pool && !(bean instanceof EmbeddedDatabaseDurability.Commits)) {
				return this.durability.getObject().wrap(pool);
			}
			return bean;
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

	@Bean
	EmbeddedDatabaseHousekeeping embeddedDatabaseHousekeeping(DataSource dataSource, MeterRegistry meters) {
		return new EmbeddedDatabaseHousekeeping(dataSource, meters);
	}

}
