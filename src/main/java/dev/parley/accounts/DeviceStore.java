package dev.parley.accounts;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
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

	/** The principal of an unrevoked device by its token's hash. */
	Optional<Principal> findActive(String tokenHash) {
		return this.jdbc.sql("SELECT id, user_id FROM devices WHERE token_hash = :hash AND revoked_at IS NULL")
			.param("hash", tokenHash)
			.query((rs, n) -> new Principal(rs.getLong("user_id"), rs.getLong("id")))
			.optional();
	}

	/** Creates a device and returns its id. */
	long create(long userId, String tokenHash, String name) {
		OffsetDateTime now = now();
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

	/** The user's unrevoked devices, oldest first. */
	List<DeviceView> list(long userId, long currentDeviceId) {
		return this.jdbc
			.sql("SELECT id, name, created_at, last_seen_at FROM devices WHERE user_id = :user "
					+ "AND revoked_at IS NULL ORDER BY id")
			.param("user", userId)
			.query((rs, n) -> new DeviceView(rs.getLong("id"), rs.getString("name"),
					rs.getObject("created_at", OffsetDateTime.class),
					rs.getObject("last_seen_at", OffsetDateTime.class), rs.getLong("id") == currentDeviceId))
			.list();
	}

	/**
	 * Revokes one of the user's devices; false when it is not theirs or already revoked.
	 */
	boolean revoke(long userId, long deviceId) {
		return this.jdbc
			.sql("UPDATE devices SET revoked_at = :now WHERE id = :id AND user_id = :user AND revoked_at IS NULL")
			.param("now", now())
			.param("id", deviceId)
			.param("user", userId)
			.update() == 1;
	}

	void touch(long deviceId) {
		this.jdbc.sql("UPDATE devices SET last_seen_at = :now WHERE id = :id")
			.param("now", now())
			.param("id", deviceId)
			.update();
	}

	private OffsetDateTime now() {
		return OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
	}

}
