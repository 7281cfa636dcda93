package dev.parley.accounts;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code users} table. */
@Repository
class UserStore {

	private static final String COLUMNS = "id, phone, display_name, created_at";

	private static final long MIN_ID = 1L << 31;

	private static final long MAX_ID = 1L << 53;

	private static final int ID_ATTEMPTS = 5;

	private final SecureRandom random = new SecureRandom();

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

	/**
	 * The user with this phone number, created on first sight with a random id and no
	 * display name. Ids are drawn from [2^31, 2^53) so that nobody can count users or
	 * guess whom to write to, and every id stays exact as a JavaScript number. A drawn id
	 * that is taken (one chance in millions at a billion users) is drawn again; a
	 * concurrent first login of the same number finds the user the other one created.
	 */
	UserView findOrCreate(String phone) {
		for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
			Optional<UserView> existing = findByPhone(phone);
			if (existing.isPresent()) {
				return existing.get();
			}
			long id = MIN_ID + this.random.nextLong(MAX_ID - MIN_ID);
			// nothing is inserted when the id is taken or the number signed up meanwhile
			// (a failed statement would end a PostgreSQL transaction): look again
			int inserted = this.jdbc
				.sql("INSERT INTO users (id, phone, created_at) VALUES (:id, :phone, :now) ON CONFLICT DO NOTHING")
				.param("id", id)
				.param("phone", phone)
				.param("now", OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC))
				.update();
			if (inserted == 1) {
				return find(id).orElseThrow();
			}
		}
		throw new IllegalStateException("No free user id after " + ID_ATTEMPTS + " draws");
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
