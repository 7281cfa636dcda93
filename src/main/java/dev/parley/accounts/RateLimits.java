package dev.parley.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Fixed-window rate limits kept in the database, so that every node counts against the
 * same limit: a bucket (e.g. {@code code:phone:+4412345}) allows {@code limit} hits per
 * window, counted from the bucket's first hit. Each hit commits on its own, whatever
 * becomes of the request that made it. Thread-safe.
 */
@Component
class RateLimits {

	/**
	 * Tries to count a hit: each lost race (the bucket created or its window restarted by
	 * another request between two statements) costs one.
	 */
	private static final int ATTEMPTS = 5;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final AccountsProperties properties;

	RateLimits(JdbcClient jdbc, Clock clock, AccountsProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * Counts one hit on the bucket. A bucket is one row, and every hit on it waits for
	 * the row's lock (all sign-ups behind one address share a bucket), so the usual hit
	 * is a single statement: the row's lock is held for that statement and the commit
	 * only.
	 * @throws ParleyException {@code rate_limited} with the time until the window ends
	 * when the bucket is full
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW, noRollbackFor = ParleyException.class)
	public void hit(String bucket, int limit, String what) {
		Duration window = this.properties.rateWindow();
		// whole milliseconds: what the database stores must compare equal to what we
		// computed
		OffsetDateTime now = OffsetDateTime.now(this.clock)
			.withOffsetSameInstant(ZoneOffset.UTC)
			.truncatedTo(ChronoUnit.MILLIS);
		OffsetDateTime expired = now.minus(window);
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			// the window restarts when it has ended, else a hit counts while there is
			// room
			int counted = this.jdbc
				.sql("UPDATE rate_limits SET hits = CASE WHEN window_start <= :expired THEN 1 ELSE hits + 1 END, "
						+ "window_start = CASE WHEN window_start <= :expired THEN :now ELSE window_start END "
						+ "WHERE bucket = :bucket AND (window_start <= :expired OR hits < :limit)")
				.param("expired", expired)
				.param("now", now)
				.param("bucket", bucket)
				.param("limit", limit)
				.update();
			if (counted == 1) {
				return;
			}
			// not counted: the bucket is full, or there was none when the update looked
			OffsetDateTime fullSince = this.jdbc
				.sql("SELECT window_start FROM rate_limits "
						+ "WHERE bucket = :bucket AND window_start > :expired AND hits >= :limit")
				.param("bucket", bucket)
				.param("expired", expired)
				.param("limit", limit)
				.query(OffsetDateTime.class)
				.optional()
				.orElse(null);
			if (fullSince != null) {
				Duration retryAfter = Duration.between(now, fullSince.plus(window));
				throw new ParleyException(ErrorCode.RATE_LIMITED,
						"Too many " + what + "; try again in " + Math.max(1, retryAfter.toSeconds()) + " seconds.",
						retryAfter);
			}
			// a new bucket; when another request created it (or restarted its window)
			// since the update looked, the insert does nothing and the hit counts
			// against theirs
			int created = this.jdbc
				.sql("INSERT INTO rate_limits (bucket, window_start, hits) VALUES (:bucket, :now, 1) "
						+ "ON CONFLICT DO NOTHING")
				.param("bucket", bucket)
				.param("now", now)
				.update();
			if (created == 1) {
				return;
			}
		}
		throw new IllegalStateException("Rate limit bucket " + bucket + " neither counted nor created");
	}

	/** Drops buckets whose window ended long ago. */
	@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
	void purge() {
		OffsetDateTime before = OffsetDateTime.now(this.clock)
			.withOffsetSameInstant(ZoneOffset.UTC)
			.minus(this.properties.rateWindow());
		this.jdbc.sql("DELETE FROM rate_limits WHERE window_start < :before").param("before", before).update();
	}

}
