package dev.parley.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code events}, {@code sequences}, {@code receipts} and {@code sequencer_offsets}
 * tables. Sequence numbers are allocated under a row lock on {@code sequences}, so the
 * sequencer and membership changes can never hand out the same number twice.
 */
@Repository
class EventStore {

	/** The idempotency key of a command: who sent it where, under which client id. */
	record ClientKey(long conversationId, long senderId, String clientId) {
	}

	private static final String COLUMNS = "conversation_id, seq, kind, sender_id, device_id, client_id, body, "
			+ "target_seq, subject_id, change, created_at, edited_at, deleted";

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	EventStore(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	/**
	 * Locks the conversation's sequence row (creating it) and returns its last number.
	 */
	long lockSequence(long conversationId, OffsetDateTime now) {
		return lockSequences(List.of(conversationId), now).get(conversationId);
	}

	/**
	 * Locks the sequence rows of these conversations and returns each one's last number.
	 * Rows normally exist (a conversation's is created with it), so this is one
	 * {@code SELECT ... FOR UPDATE}; only missing rows are inserted, then locked. (An
	 * {@code INSERT ... ON CONFLICT DO NOTHING} of every row would cost H2 a
	 * duplicate-key exception per existing row.)
	 */
	Map<Long, Long> lockSequences(Collection<Long> conversationIds, OffsetDateTime now) {
		Map<Long, Long> last = selectForUpdate(conversationIds);
		if (last.size() < conversationIds.size()) {
			List<Long> missing = conversationIds.stream().filter((id) -> !last.containsKey(id)).toList();
			this.template
				.batchUpdate("INSERT INTO sequences (conversation_id, last_seq, last_event_at) VALUES (?, 0, ?) "
						+ "ON CONFLICT DO NOTHING", missing, missing.size(), (ps, id) -> {
							ps.setLong(1, id);
							ps.setObject(2, now);
						});
			last.putAll(selectForUpdate(missing));
		}
		return last;
	}

	private Map<Long, Long> selectForUpdate(Collection<Long> conversationIds) {
		Map<Long, Long> last = new HashMap<>();
		this.jdbc.sql("SELECT conversation_id, last_seq FROM sequences WHERE conversation_id IN (:ids) FOR UPDATE")
			.param("ids", List.copyOf(conversationIds))
			.query((rs, n) -> Map.entry(rs.getLong(1), rs.getLong(2)))
			.list()
			.forEach((entry) -> last.put(entry.getKey(), entry.getValue()));
		return last;
	}

	/**
	 * The stored events under these client ids, in one query on the unique index of
	 * {@code events} (conversation, sender, client id); keys with no event are absent.
	 */
	Map<ClientKey, EventRow> byClientIds(Collection<ClientKey> keys) {
		Map<ClientKey, EventRow> found = new HashMap<>();
		if (keys.isEmpty()) {
			return found;
		}
		List<Object> params = new ArrayList<>(3 * keys.size());
		StringJoiner rows = new StringJoiner(", ", "(", ")");
		for (ClientKey key : keys) {
			rows.add("(?, ?, ?)");
			params.add(key.conversationId());
			params.add(key.senderId());
			params.add(key.clientId());
		}
		this.template.query(
				"SELECT " + COLUMNS + " FROM events WHERE (conversation_id, sender_id, client_id) IN " + rows,
				(RowCallbackHandler) (rs) -> {
					EventRow row = map(rs, 0);
					found.put(new ClientKey(row.conversationId(), row.senderId(), row.clientId()), row);
				}, params.toArray());
		return found;
	}

	void updateSequences(Map<Long, Long> lastSeqs, Map<Long, OffsetDateTime> lastAt) {
		List<Long> ids = List.copyOf(lastSeqs.keySet());
		this.template.batchUpdate("UPDATE sequences SET last_seq = ?, last_event_at = ? WHERE conversation_id = ?", ids,
				ids.size(), (ps, id) -> {
					ps.setLong(1, lastSeqs.get(id));
					ps.setObject(2, lastAt.get(id));
					ps.setLong(3, id);
				});
	}

	void updateSequence(long conversationId, long lastSeq, OffsetDateTime at) {
		this.jdbc.sql("UPDATE sequences SET last_seq = :seq, last_event_at = :at WHERE conversation_id = :c")
			.param("seq", lastSeq)
			.param("at", at)
			.param("c", conversationId)
			.update();
	}

	long lastSeq(long conversationId) {
		return this.jdbc.sql("SELECT last_seq FROM sequences WHERE conversation_id = :c")
			.param("c", conversationId)
			.query(Long.class)
			.optional()
			.orElse(0L);
	}

	Optional<EventRow> find(long conversationId, long seq) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM events WHERE conversation_id = :c AND seq = :s")
			.param("c", conversationId)
			.param("s", seq)
			.query(EventStore::map)
			.optional();
	}

	void insert(List<EventRow> rows) {
		if (rows.isEmpty()) {
			return;
		}
		this.template.batchUpdate("INSERT INTO events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				rows, rows.size(), (ps, row) -> {
					ps.setLong(1, row.conversationId());
					ps.setLong(2, row.seq());
					ps.setString(3, row.kind().wireName());
					ps.setLong(4, row.senderId());
					ps.setLong(5, row.deviceId());
					ps.setString(6, row.clientId());
					ps.setString(7, row.body());
					ps.setObject(8, row.targetSeq(), Types.BIGINT);
					ps.setObject(9, row.subjectId(), Types.BIGINT);
					ps.setString(10, row.change());
					ps.setObject(11, row.createdAt());
					ps.setObject(12, row.editedAt());
					ps.setBoolean(13, row.deleted());
				});
	}

	void edit(long conversationId, long seq, String body, OffsetDateTime at) {
		this.jdbc.sql("UPDATE events SET body = :body, edited_at = :at WHERE conversation_id = :c AND seq = :s")
			.param("body", body)
			.param("at", at)
			.param("c", conversationId)
			.param("s", seq)
			.update();
	}

	void delete(long conversationId, long seq) {
		this.jdbc.sql("UPDATE events SET body = NULL, deleted = TRUE WHERE conversation_id = :c AND seq = :s")
			.param("c", conversationId)
			.param("s", seq)
			.update();
	}

	/**
	 * Moves a member's position forward to {@code seq} (at least 1); true when it moved.
	 * A member's row is updated in place, in one statement; only a member without one yet
	 * costs a second, the insert of a row at {@code seq}. The caller holds the
	 * conversation's sequence row lock, which every writer of receipts takes.
	 */
	boolean advanceReceipt(long conversationId, long userId, boolean read, long seq) {
		String sql = read
				? "UPDATE receipts SET read_seq = :s, delivered_seq = GREATEST(delivered_seq, :s) "
						+ "WHERE conversation_id = :c AND user_id = :u AND read_seq < :s"
				: "UPDATE receipts SET delivered_seq = :s WHERE conversation_id = :c AND user_id = :u "
						+ "AND delivered_seq < :s";
		if (this.jdbc.sql(sql).param("s", seq).param("c", conversationId).param("u", userId).update() == 1) {
			return true;
		}
		// no row yet, or one at this position or beyond already
		return this.jdbc
			.sql("INSERT INTO receipts (conversation_id, user_id, delivered_seq, read_seq) VALUES (:c, :u, :s, :r) "
					+ "ON CONFLICT DO NOTHING")
			.param("c", conversationId)
			.param("u", userId)
			.param("s", seq)
			.param("r", read ? seq : 0)
			.update() == 1;
	}

	/** The sequencer's stored next offset per inbound partition. */
	Map<Integer, Long> offsets() {
		Map<Integer, Long> offsets = new HashMap<>();
		this.jdbc.sql("SELECT topic_partition, next_offset FROM sequencer_offsets")
			.query((rs, n) -> Map.entry(rs.getInt(1), rs.getLong(2)))
			.list()
			.forEach((entry) -> offsets.put(entry.getKey(), entry.getValue()));
		return offsets;
	}

	void saveOffset(int partition, long nextOffset) {
		int updated = this.jdbc.sql("UPDATE sequencer_offsets SET next_offset = :o WHERE topic_partition = :p")
			.param("o", nextOffset)
			.param("p", partition)
			.update();
		if (updated == 0) {
			this.jdbc.sql("INSERT INTO sequencer_offsets (topic_partition, next_offset) VALUES (:p, :o)")
				.param("o", nextOffset)
				.param("p", partition)
				.update();
		}
	}

	/** Up to {@code limit} events after {@code seq}, oldest first. */
	List<EventRow> after(long conversationId, long seq, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM events WHERE conversation_id = :c AND seq > :s ORDER BY seq LIMIT :l")
			.param("c", conversationId)
			.param("s", seq)
			.param("l", limit)
			.query(EventStore::map)
			.list();
	}

	/** Up to {@code limit} events before {@code seq}, newest first. */
	List<EventRow> before(long conversationId, long seq, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM events WHERE conversation_id = :c AND seq < :s "
					+ "ORDER BY seq DESC LIMIT :l")
			.param("c", conversationId)
			.param("s", seq)
			.param("l", limit)
			.query(EventStore::map)
			.list();
	}

	private static EventRow map(ResultSet rs, int row) throws SQLException {
		return new EventRow(rs.getLong("conversation_id"), rs.getLong("seq"), EventKind.of(rs.getString("kind")),
				rs.getLong("sender_id"), rs.getLong("device_id"), rs.getString("client_id"), rs.getString("body"),
				rs.getObject("target_seq", Long.class), rs.getObject("subject_id", Long.class), rs.getString("change"),
				rs.getObject("created_at", OffsetDateTime.class), rs.getObject("edited_at", OffsetDateTime.class),
				rs.getBoolean("deleted"));
	}

}
