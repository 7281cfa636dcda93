package dev.parley.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code users} table. */
@Repository
class UserStore {

	private static final String COLUMNS = "id, phone, display_name, created_at";

	private final JdbcClient jdbc;

	private final Clock clock;

	UserStore(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	Optional<UserView> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = :id")
			.param("id", id)
			.query(UserStore::map)
			.optional();
	}

	Optional<UserView> findByPhone(String phone) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE phone = :phone")
			.param("phone", phone)
			.query(UserStore::map)
			.optional();
	}

	List<UserView> findAll(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id IN (:ids)")
			.param("ids", ids)
			.query(UserStore::map)
			.list();
	}

	/** The user with this phone number, created on first sight, with no display name. */
	UserView findOrCreate(String phone) {
		return findByPhone(phone).orElseGet(() -> {
			var keys = new GeneratedKeyHolder();
			this.jdbc.sql("INSERT INTO users (phone, created_at) VALUES (:phone, :now)")
				.param("phone", phone)
				.param("now", OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC))
				.update(keys, "id");
			return find(keys.getKeyAs(Number.class).longValue()).orElseThrow();
		});
	}

	/** Sets the display name; false when there is no such user. */
	boolean rename(long id, String displayName) {
		return this.jdbc.sql("UPDATE users SET display_name = :name WHERE id = :id")
			.param("name", displayName)
			.param("id", id)
			.update() == 1;
	}

	/** The registered users among these normalised numbers, in no particular order. */
	List<UserView> findAllByPhone(Collection<String> phones) {
		if (phones.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE phone IN (:phones)")
			.param("phones", phones)
			.query(UserStore::map)
			.list();
	}

	private static UserView map(ResultSet rs, int row) throws SQLException {
		return new UserView(rs.getLong("id"), rs.getString("phone"), rs.getString("display_name"),
				rs.getObject("created_at", OffsetDateTime.class));
	}

}
