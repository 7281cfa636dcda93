package dev.parley.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Fixed-window rate limits kept in the database, so that every node counts against the
 * same limit: a bucket (e.g. {@code code:phone:+4412345}, {@code lookup:42}) allows
 * {@code limit} units per window, counted from the bucket's first hit; a hit may cost
 * several units (an address-book sync costs one per number). Each hit commits on its own,
 * whatever becomes of the request that made it. Other modules limit their own per-user
 * actions with it. Thread-safe.
 */
@Component
public class RateLimits {

	/**
	 * Tries to count a hit: each lost race (the bucket created or its window restarted by
	 * another request between two statements) costs one.
	 */
	private static final int ATTEMPTS = 5;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final AccountsProperties properties;

	private final MeterRegistry meters;

	RateLimits(JdbcClient jdbc, Clock clock, AccountsProperties properties, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
		this.meters = meters;
	}

	/**
	 * Counts one hit on the bucket, in the accounts module's window
	 * ({@code parley.accounts.rate-window}).
	 * @throws ParleyException {@code rate_limited} with the time until the window ends
	 * when the bucket is full
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW, noRollbackFor = ParleyException.class)
	public void hit(String bucket, int limit, String what) {
		hit(bucket, 1, limit, this.properties.rateWindow(), what);
	}

	/**
	 * Counts a hit of {@code cost} units on the bucket, whose window is {@code window}
	 * long: it counts whole or not at all. A bucket is one row, and every hit on it waits
	 * for the row's lock (all sign-ups behind one address share a bucket), so the usual
	 * hit is a single statement: the row's lock is held for that statement and the commit
	 * only. Callers use one window per bucket.
	 * @param what what is counted, in the plural, for the error message
	 * @throws ParleyException {@code rate_limited} with the time until the window ends
	 * when the bucket has not {@code cost} units left (or {@code cost} exceeds
	 * {@code limit})
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW, noRollbackFor = ParleyException.class)
	public void hit(String bucket, int cost, int limit, Duration window, String what) {
		// whole milliseconds: what the database stores must compare equal to what we
		// computed
		OffsetDateTime now = OffsetDateTime.now(this.clock)
			.withOffsetSameInstant(ZoneOffset.UTC)
			.truncatedTo(ChronoUnit.MILLIS);
		if (cost > limit) {
			refused(bucket);
			throw new ParleyException(ErrorCode.RATE_LIMITED,
					"Too many " + what + " at once; at most " + limit + " are allowed per " + describe(window) + ".",
					window);
		}
		OffsetDateTime expired = now.minus(window);
		OffsetDateTime end = now.plus(window);
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			// the window restarts when it has ended, else a hit counts while there is
			// room
			int counted = this.jdbc.sql(
					"UPDATE rate_limits SET hits = CASE WHEN window_start <= :expired THEN :cost ELSE hits + :cost END, "
							+ "window_end = CASE WHEN window_start <= :expired THEN :end ELSE window_end END, "
							+ "window_start = CASE WHEN window_start <= :expired THEN :now ELSE window_start END "
							+ "WHERE bucket = :bucket AND (window_start <= :expired OR hits + :cost <= :limit)")
				.param("expired", expired)
				.param("now", now)
				.param("end", end)
				.param("cost", cost)
				.param("bucket", bucket)
				.param("limit", limit)
				.update();
			if (counted == 1) {
				return;
			}
			// not counted: the bucket is full, or there was none when the update looked
			OffsetDateTime fullSince = this.jdbc
				.sql("SELECT window_start FROM rate_limits "
						+ "WHERE bucket = :bucket AND window_start > :expired AND hits + :cost > :limit")
				.param("bucket", bucket)
				.param("expired", expired)
				.param("cost", cost)
				.param("limit", limit)
				.query(OffsetDateTime.class)
				.optional()
				.orElse(null);
			if (fullSince != null) {
				Duration retryAfter = Duration.between(now, fullSince.plus(window));
				refused(bucket);
				throw new ParleyException(ErrorCode.RATE_LIMITED,
						"Too many " + what + "; try again in " + Math.max(1, retryAfter.toSeconds()) + " seconds.",
						retryAfter);
			}
			// a new bucket; when another request created it (or restarted its window)
			// since the update looked, the insert does nothing and the hit counts
			// against theirs
			int created = this.jdbc.sql(
					"INSERT INTO rate_limits (bucket, window_start, window_end, hits) VALUES (:bucket, :now, :end, :cost) "
							+ "ON CONFLICT DO NOTHING")
				.param("bucket", bucket)
				.param("now", now)
				.param("end", end)
				.param("cost", cost)
				.update();
			if (created == 1) {
				return;
			}
		}
		throw new IllegalStateException("Rate limit bucket " + bucket + " neither counted nor created");
	}

	/**
	 * Counts a refusal by the bucket's kind, its first part ({@code code},
	 * {@code lookup}, …).
	 */
	private void refused(String bucket) {
		int colon = bucket.indexOf(':');
		Counter.builder("parley.rate.limited")
			.description("Requests refused by a rate limit, by the limit's kind")
			.tag("limit", (colon > 0) ? bucket.substring(0, colon) : bucket)
			.register(this.meters)
			.increment();
	}

	private static String describe(Duration window) {
		if (window.toHours() > 0 && window.toMinutesPart() == 0) {
			return window.toHours() + " hours";
		}
		return (window.toMinutes() > 0) ? window.toMinutes() + " minutes" : window.toSeconds() + " seconds";
	}

	/** Drops buckets whose window has ended. */
	@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
	void purge() {
		OffsetDateTime now = OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
		this.jdbc.sql("DELETE FROM rate_limits WHERE window_end < :now").param("now", now).update();
	}

}
