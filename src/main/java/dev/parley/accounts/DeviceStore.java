package dev.parley.accounts;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code devices} table: one row per login, holding the token's hash. */
@Repository
class DeviceStore {

	private final JdbcClient jdbc;

	private final Clock clock;

	DeviceStore(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	Optional<Principal> findActive(String token) {
		return this.jdbc.sql("SELECT id, user_id FROM devices WHERE token_hash = :hash AND revoked_at IS NULL")
			.param("hash", TokenHasher.hash(token))
			.query((rs, n) -> new Principal(rs.getLong("user_id"), rs.getLong("id")))
			.optional();
	}

	/** Creates a device and returns its id. */
	long create(long userId, String tokenHash, String name) {
		OffsetDateTime now = OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
		var keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO devices (user_id, token_hash, name, created_at, last_seen_at) "
					+ "VALUES (:user, :hash, :name, :now, :now)")
			.param("user", userId)
			.param("hash", tokenHash)
			.param("name", name)
			.param("now", now)
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

}
