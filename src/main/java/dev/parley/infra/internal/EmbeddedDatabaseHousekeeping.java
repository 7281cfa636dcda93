package dev.parley.infra.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.ToDoubleFunction;

import javax.sql.DataSource;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Compacts the embedded H2 file and forces it to disk. Each store appends a chunk, a
 * chunk stays as long as one of its pages is live (a full page of messages never changes
 * again), and when H2 stored at every commit ({@code WRITE_DELAY=0}, before
 * {@link EmbeddedDatabaseDurability}) and had no background writer, the file grew by 11
 * to 17 MB a second at 1,000 msg/s with 2 % of it live (docs/BENCHMARKS.md). H2's
 * background writer now runs its own housekeeping as well; this one keeps its small steps
 * and the once-a-second sync.
 *
 * <p>
 * Every {@value #PERIOD_MILLIS} ms this rewrites the live pages of the emptiest chunks
 * older than the retention time ({@link #RETENTION_MILLIS}), in steps of
 * {@link #WRITE_LIMIT} bytes for up to {@value #BUDGET_MILLIS} ms; their space is then
 * reused. A step holds H2's store lock, so stores wait for it: small steps often (rather
 * than large ones once a second, which put 20–30 ms stalls into the sequencer) keep that
 * wait short. The retention time is how long a chunk stays untouched after it was
 * written, so that a power failure, which loses what the OS had not yet written, still
 * finds the older chunks intact: forcing the file to disk every
 * {@value #SYNC_INTERVAL_MILLIS} ms keeps that window well inside it.
 */
class EmbeddedDatabaseHousekeeping {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseHousekeeping.class);

	/** How often a run starts (after the previous one ended). */
	static final long PERIOD_MILLIS = 100;

	/** How often the file is forced to disk. */
	static final long SYNC_INTERVAL_MILLIS = 1000;

	/**
	 * H2's {@code RETENTION_TIME} for the embedded database (H2's default is 45 s): how
	 * long a chunk stays untouched after it was written. Five syncs, so that a chunk's
	 * space is reused only long after what replaced it reached the disk.
	 */
	static final long RETENTION_MILLIS = 5 * SYNC_INTERVAL_MILLIS;

	/**
	 * Compact while the live share of the chunks is below this (H2's own default). Under
	 * load the share, young chunks included, stays far below it, so runs are bounded by
	 * {@link #MAX_STEPS} and {@link #BUDGET_MILLIS}, not by this.
	 */
	static final int TARGET_FILL_RATE = 90;

	/** Bytes of live pages moved per step: bounds how long one step holds the store. */
	static final int WRITE_LIMIT = 128 * 1024;

	/** Steps per run, each committed apart. */
	static final int MAX_STEPS = 8;

	/** Time per run at most: a fifth of the period, as the earlier 200 ms a second. */
	static final long BUDGET_MILLIS = 20;

	private final DataSource dataSource;

	private volatile MVStore store;

	private long lastSync = System.nanoTime();

	EmbeddedDatabaseHousekeeping(DataSource dataSource, MeterRegistry meters) {
		this.dataSource = dataSource;
		Gauge.builder("parley.database.fill", this, EmbeddedDatabaseHousekeeping::chunksFillRate)
			.description("Live share of the embedded database's written chunks, in percent")
			.baseUnit("percent")
			.register(meters);
		Gauge.builder("parley.database.size", this, EmbeddedDatabaseHousekeeping::fileSize)
			.description("Size of the embedded database's file")
			.baseUnit("bytes")
			.register(meters);
		Gauge.builder("parley.database.chunks", this, EmbeddedDatabaseHousekeeping::chunks)
			.description("Chunks in the embedded database's file; at least one per commit of the last "
					+ RETENTION_MILLIS / 1000 + " s")
			.register(meters);
		FunctionCounter.builder("parley.database.stores", this, EmbeddedDatabaseHousekeeping::stores)
			.description(
					"Stores of the embedded database: each writes the pages changed since the last one to a new chunk")
			.register(meters);
		FunctionCounter.builder("parley.database.reads", this, EmbeddedDatabaseHousekeeping::reads)
			.description(
					"Reads from the embedded database's file: pages its cache did not hold, for queries or compaction")
			.register(meters);
	}

	/**
	 * Forces the file to disk when a second has passed, then moves the live pages of
	 * sparse old chunks; returns whether it moved any.
	 */
	@Scheduled(fixedDelay = PERIOD_MILLIS, initialDelay = 5000)
	boolean compact() {
		try {
			MVStore mv = store();
			if (mv.isClosed()) {
				// shut down; a database opened again is looked up again
				this.store = null;
				return false;
			}
			long now = System.nanoTime();
			if (now - this.lastSync >= SYNC_INTERVAL_MILLIS * 1_000_000L) {
				mv.sync();
				this.lastSync = now;
			}
			boolean moved = false;
			long deadline = System.nanoTime() + BUDGET_MILLIS * 1_000_000L;
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

	double fileSize() {
		return measure((mv) -> mv.getFileStore().size());
	}

	double chunks() {
		return measure((mv) -> mv.getLayoutMap().keySet().stream().filter((key) -> key.startsWith("chunk.")).count());
	}

	/** H2's store version, which every store that wrote something moves on by one. */
	double stores() {
		return measure((mv) -> mv.getCurrentVersion());
	}

	double reads() {
		return measure((mv) -> mv.getFileStore().getReadCount());
	}

	double chunksFillRate() {
		return measure((mv) -> mv.getFileStore().getChunksFillRate());
	}

	/** A figure of the open store, or NaN while there is none. */
	private double measure(ToDoubleFunction<MVStore> figure) {
		try {
			MVStore mv = store();
			return mv.isClosed() ? Double.NaN : figure.applyAsDouble(mv);
		}
		catch (SQLException | RuntimeException ex) {
			return Double.NaN;
		}
	}

	MVStore store() throws SQLException {
		MVStore current = this.store;
		if (current == null) {
			try (Connection connection = this.dataSource.getConnection()) {
				current = EmbeddedDatabaseDurability.mvStore(connection);
			}
			this.store = current;
		}
		return current;
	}

}
