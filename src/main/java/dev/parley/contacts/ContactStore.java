package dev.parley.contacts;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code contacts} and {@code blocks} tables. */
@Repository
class ContactStore {

	record Row(String phone, String name) {
	}

	private final JdbcClient jdbc;

	private final Clock clock;

	ContactStore(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Adds or relabels a contact; true when it is new. */
	boolean put(long ownerId, String phone, String name) {
		int added = this.jdbc
			.sql("INSERT INTO contacts (owner_id, phone, name, created_at) VALUES (:owner, :phone, :name, :now) "
					+ "ON CONFLICT DO NOTHING")
			.param("owner", ownerId)
			.param("phone", phone)
			.param("name", name)
			.param("now", now())
			.update();
		if (added == 0 && name != null) {
			this.jdbc.sql("UPDATE contacts SET name = :name WHERE owner_id = :owner AND phone = :phone")
				.param("name", name)
				.param("owner", ownerId)
				.param("phone", phone)
				.update();
		}
		return added == 1;
	}

	boolean remove(long ownerId, String phone) {
		return this.jdbc.sql("DELETE FROM contacts WHERE owner_id = :owner AND phone = :phone")
			.param("owner", ownerId)
			.param("phone", phone)
			.update() == 1;
	}

	List<Row> list(long ownerId) {
		return this.jdbc.sql("SELECT phone, name FROM contacts WHERE owner_id = :owner ORDER BY phone")
			.param("owner", ownerId)
			.query((rs, n) -> new Row(rs.getString("phone"), rs.getString("name")))
			.list();
	}

	Optional<Row> find(long ownerId, String phone) {
		return this.jdbc.sql("SELECT phone, name FROM contacts WHERE owner_id = :owner AND phone = :phone")
			.param("owner", ownerId)
			.param("phone", phone)
			.query((rs, n) -> new Row(rs.getString("phone"), rs.getString("name")))
			.optional();
	}

	int count(long ownerId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM contacts WHERE owner_id = :owner")
			.param("owner", ownerId)
			.query(Integer.class)
			.single();
	}

	/** Blocks a user; true when the block is new. */
	boolean block(long userId, long blockedId) {
		return this.jdbc
			.sql("INSERT INTO blocks (user_id, blocked_id, created_at) VALUES (:user, :blocked, :now) "
					+ "ON CONFLICT DO NOTHING")
			.param("user", userId)
			.param("blocked", blockedId)
			.param("now", now())
			.update() == 1;
	}

	boolean unblock(long userId, long blockedId) {
		return this.jdbc.sql("DELETE FROM blocks WHERE user_id = :user AND blocked_id = :blocked")
			.param("user", userId)
			.param("blocked", blockedId)
			.update() == 1;
	}

	Set<Long> blockedBy(long userId) {
		return Set.copyOf(this.jdbc.sql("SELECT blocked_id FROM blocks WHERE user_id = :user")
			.param("user", userId)
			.query(Long.class)
			.list());
	}

	private OffsetDateTime now() {
		return OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
	}

}
