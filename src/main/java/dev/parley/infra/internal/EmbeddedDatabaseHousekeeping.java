package dev.parley.infra.internal;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Compacts the embedded H2 file, the job H2's own background writer would do.
 * {@code WRITE_DELAY=0} (every commit reaches the file before it returns) also turns that
 * writer off, and without it H2 never moves live pages out of old chunks: each commit
 * appends a chunk, a chunk stays as long as one of its pages is live (a full page of
 * messages never changes again), and the file grew by 11 to 17 MB a second at 1,000 msg/s
 * with 2 % of it live (docs/BENCHMARKS.md). Every second this forces the file to disk,
 * then rewrites the live pages of the emptiest chunks older than the retention time (5 s
 * in the URL instead of H2's 45 s), in steps of {@link #WRITE_LIMIT} bytes for up to 200
 * ms; their space is then reused. The retention time is how long a chunk stays untouched
 * after it was written, so that a power failure, which loses what the OS had not yet
 * written, still finds the older chunks intact: forcing the file every second keeps that
 * window well inside 5 s.
 */
class EmbeddedDatabaseHousekeeping {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseHousekeeping.class);

	/** Compact while the live share of the chunks is below this (H2's own default). */
	static final int TARGET_FILL_RATE = 90;

	/** Bytes of live pages moved per step: bounds the pause it adds to one commit. */
	static final int WRITE_LIMIT = 512 * 1024;

	/**
	 * Steps per run, each committed apart: the more is written, the more there is to move
	 * (4,000 msg/s needed several steps a second).
	 */
	static final int MAX_STEPS = 8;

	private static final long MAX_RUN_NANOS = 200_000_000L;

	private final DataSource dataSource;

	private volatile MVStore store;

	EmbeddedDatabaseHousekeeping(DataSource dataSource, MeterRegistry meters) {
		this.dataSource = dataSource;
		Gauge.builder("parley.database.fill", this, EmbeddedDatabaseHousekeeping::chunksFillRate)
			.description("Live share of the embedded database's written chunks, in percent")
			.baseUnit("percent")
			.register(meters);
	}

	/** Moves the live pages of sparse old chunks; returns whether it moved any. */
	@Scheduled(fixedDelay = 1000, initialDelay = 5000)
	boolean compact() {
		try {
			MVStore mv = store();
			if (mv.isClosed()) {
				// shut down; a database opened again is looked up again
				this.store = null;
				return false;
			}
			mv.sync();
			boolean moved = false;
			long deadline = System.nanoTime() + MAX_RUN_NANOS;
			for (int step = 0; step < MAX_STEPS && System.nanoTime() < deadline; step++) {
				if (!mv.compact(TARGET_FILL_RATE, WRITE_LIMIT)) {
					break;
				}
				mv.commit();
				moved = true;
			}
			return moved;
		}
		catch (SQLException | RuntimeException ex) {
			// the database may be closing; the next run tries again
			log.debug("Compacting the embedded database failed: {}", ex.toString());
			return false;
		}
	}

	double chunksFillRate() {
		try {
			MVStore mv = store();
			return mv.isClosed() ? Double.NaN : mv.getFileStore().getChunksFillRate();
		}
		catch (SQLException | RuntimeException ex) {
			return Double.NaN;
		}
	}

	private MVStore store() throws SQLException {
		MVStore current = this.store;
		if (current == null) {
			try (Connection connection = this.dataSource.getConnection()) {
				SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
				current = session.getDatabase().getStore().getMvStore();
			}
			this.store = current;
		}
		return current;
	}

}
