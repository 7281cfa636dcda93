package dev.parley.conversations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code conversations} and {@code members} tables. */
@Repository
class ConversationStore {

	private static final String COLUMNS = "c.id, c.kind, c.title, c.created_by, c.created_at";

	private final JdbcClient jdbc;

	ConversationStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Conversation> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM conversations c WHERE c.id = :id")
			.param("id", id)
			.query(ConversationStore::map)
			.optional();
	}

	Optional<Conversation> findDirect(String directKey) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM conversations c WHERE c.direct_key = :key")
			.param("key", directKey)
			.query(ConversationStore::map)
			.optional();
	}

	long insert(ConversationKind kind, String title, String directKey, long createdBy, OffsetDateTime now) {
		var keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO conversations (kind, title, direct_key, created_by, created_at) "
					+ "VALUES (:kind, :title, :key, :by, :now)")
			.param("kind", kind.wireName())
			.param("title", title)
			.param("key", directKey)
			.param("by", createdBy)
			.param("now", now)
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	List<Conversation> ofUser(long userId) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM conversations c JOIN members m ON m.conversation_id = c.id "
					+ "WHERE m.user_id = :user")
			.param("user", userId)
			.query(ConversationStore::map)
			.list();
	}

	List<Conversation> rooms() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM conversations c WHERE c.kind = 'room' ORDER BY c.id")
			.query(ConversationStore::map)
			.list();
	}

	List<Member> members(long conversationId) {
		return this.jdbc.sql(
				"SELECT user_id, admin, joined_at FROM members WHERE conversation_id = :id ORDER BY joined_at, user_id")
			.param("id", conversationId)
			.query((rs, n) -> new Member(rs.getLong("user_id"), rs.getBoolean("admin"),
					rs.getObject("joined_at", OffsetDateTime.class)))
			.list();
	}

	/** Adds a member; false when already a member. */
	boolean addMember(long conversationId, long userId, boolean admin, OffsetDateTime now) {
		if (findMember(conversationId, userId).isPresent()) {
			return false;
		}
		this.jdbc.sql("INSERT INTO members (conversation_id, user_id, admin, joined_at) VALUES (:c, :u, :admin, :now)")
			.param("c", conversationId)
			.param("u", userId)
			.param("admin", admin)
			.param("now", now)
			.update();
		return true;
	}

	void addMembers(long conversationId, Collection<Long> userIds, OffsetDateTime now) {
		for (long userId : userIds) {
			addMember(conversationId, userId, false, now);
		}
	}

	boolean removeMember(long conversationId, long userId) {
		return this.jdbc.sql("DELETE FROM members WHERE conversation_id = :c AND user_id = :u")
			.param("c", conversationId)
			.param("u", userId)
			.update() == 1;
	}

	boolean makeAdmin(long conversationId, long userId) {
		return this.jdbc
			.sql("UPDATE members SET admin = TRUE WHERE conversation_id = :c AND user_id = :u AND NOT admin")
			.param("c", conversationId)
			.param("u", userId)
			.update() == 1;
	}

	Optional<Member> findMember(long conversationId, long userId) {
		return this.jdbc
			.sql("SELECT user_id, admin, joined_at FROM members WHERE conversation_id = :c AND user_id = :u")
			.param("c", conversationId)
			.param("u", userId)
			.query((rs, n) -> new Member(rs.getLong("user_id"), rs.getBoolean("admin"),
					rs.getObject("joined_at", OffsetDateTime.class)))
			.optional();
	}

	List<Long> memberIds(long conversationId) {
		return this.jdbc.sql("SELECT user_id FROM members WHERE conversation_id = :id")
			.param("id", conversationId)
			.query(Long.class)
			.list();
	}

	/** Users who share a direct conversation with this user. */
	List<Long> directPeers(long userId) {
		return this.jdbc
			.sql("SELECT DISTINCT p.user_id FROM members m JOIN conversations c ON c.id = m.conversation_id "
					+ "JOIN members p ON p.conversation_id = c.id "
					+ "WHERE m.user_id = :u AND c.kind = 'direct' AND p.user_id <> :u")
			.param("u", userId)
			.query(Long.class)
			.list();
	}

	private static Conversation map(ResultSet rs, int row) throws SQLException {
		return new Conversation(rs.getLong("id"), ConversationKind.of(rs.getString("kind")), rs.getString("title"),
				rs.getLong("created_by"), rs.getObject("created_at", OffsetDateTime.class));
	}

}
