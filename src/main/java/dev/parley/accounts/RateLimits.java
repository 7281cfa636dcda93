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

	private final JdbcClient jdbc;

	private final Clock clock;

	private final AccountsProperties properties;

	RateLimits(JdbcClient jdbc, Clock clock, AccountsProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * Counts one hit on the bucket.
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
		this.jdbc
			.sql("INSERT INTO rate_limits (bucket, window_start, hits) VALUES (:bucket, :now, 0) "
					+ "ON CONFLICT DO NOTHING")
			.param("bucket", bucket)
			.param("now", now)
			.update();
		Window current = this.jdbc.sql("SELECT window_start, hits FROM rate_limits WHERE bucket = :bucket FOR UPDATE")
			.param("bucket", bucket)
			.query((rs, n) -> new Window(rs.getObject("window_start", OffsetDateTime.class), rs.getInt("hits")))
			.single();
		OffsetDateTime ends = current.start().plus(window);
		if (!ends.isAfter(now)) {
			this.jdbc.sql("UPDATE rate_limits SET window_start = :now, hits = 1 WHERE bucket = :bucket")
				.param("now", now)
				.param("bucket", bucket)
				.update();
			return;
		}
		if (current.hits() >= limit) {
			Duration retryAfter = Duration.between(now, ends);
			throw new ParleyException(ErrorCode.RATE_LIMITED,
					"Too many " + what + "; try again in " + Math.max(1, retryAfter.toSeconds()) + " seconds.",
					retryAfter);
		}
		this.jdbc.sql("UPDATE rate_limits SET hits = hits + 1 WHERE bucket = :bucket").param("bucket", bucket).update();
	}

	/** Drops buckets whose window ended long ago. */
	@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
	void purge() {
		OffsetDateTime before = OffsetDateTime.now(this.clock)
			.withOffsetSameInstant(ZoneOffset.UTC)
			.minus(this.properties.rateWindow());
		this.jdbc.sql("DELETE FROM rate_limits WHERE window_start < :before").param("before", before).update();
	}

	private record Window(OffsetDateTime start, int hits) {
	}

}
