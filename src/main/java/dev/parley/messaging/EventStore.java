package dev.parley.messaging;

import java.nio.ByteBuffer;
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

	/**
	 * A locked sequence row: the conversation's last number, and the number up to which
	 * the keys of its events are in {@code client_keys}.
	 */
	record Locked(long lastSeq, long keysUpto) {
	}

	/** Bytes of a key in a {@code client_keys} row: its hash and its event's number. */
	private static final int KEY_BYTES = 16;

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
		return lockSequences(List.of(conversationId), now).get(conversationId).lastSeq();
	}

	/**
	 * Locks the sequence rows of these conversations and returns each one's last number.
	 * Rows normally exist (a conversation's is created with it), so this is one
	 * {@code SELECT ... FOR UPDATE}; only missing rows are inserted, then locked. (An
	 * {@code INSERT ... ON CONFLICT DO NOTHING} of every row would cost H2 a
	 * duplicate-key exception per existing row.)
	 */
	Map<Long, Locked> lockSequences(Collection<Long> conversationIds, OffsetDateTime now) {
		Map<Long, Locked> last = selectForUpdate(conversationIds);
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

	private Map<Long, Locked> selectForUpdate(Collection<Long> conversationIds) {
		Map<Long, Locked> last = new HashMap<>();
		this.jdbc
			.sql("SELECT conversation_id, last_seq, keys_upto FROM sequences WHERE conversation_id IN (:ids) "
					+ "FOR UPDATE")
			.param("ids", List.copyOf(conversationIds))
			.query((rs, n) -> Map.entry(rs.getLong(1), new Locked(rs.getLong(2), rs.getLong(3))))
			.list()
			.forEach((entry) -> last.put(entry.getKey(), entry.getValue()));
		return last;
	}

	/**
	 * The sender and client id of every event of a conversation numbered after
	 * {@code afterSeq} up to {@code lastSeq} that has a client id, in order.
	 */
	void clientKeys(long conversationId, long afterSeq, long lastSeq, ClientKeyCache.KeyConsumer consumer) {
		this.template
			.query("SELECT seq, sender_id, client_id FROM events WHERE conversation_id = ? AND seq > ? AND seq <= ? "
					+ "AND client_id IS NOT NULL ORDER BY seq", (rs) -> {
						consumer.accept(rs.getLong(1), rs.getLong(2), rs.getString(3));
					}, conversationId, afterSeq, lastSeq);
	}

	/**
	 * Stores keys of a conversation's events in {@code client_keys}, in one row, and
	 * moves its {@code keys_upto} to {@code upto}: every key of its events up to that
	 * number is then there. The caller holds the conversation's sequence row locked.
	 * @param hashes the keys' hashes
	 * @param seqs their events' numbers, each above the row's {@code keys_upto}
	 * @param fromSeq the row's {@code keys_upto} plus one (the first number the keys may
	 * have)
	 */
	void spillClientKeys(long conversationId, long[] hashes, long[] seqs, long fromSeq, long upto) {
		if (hashes.length > 0) {
			ByteBuffer keys = ByteBuffer.allocate(KEY_BYTES * hashes.length);
			for (int i = 0; i < hashes.length; i++) {
				keys.putLong(hashes[i]).putLong(seqs[i]);
			}
			this.jdbc.sql("INSERT INTO client_keys (conversation_id, from_seq, keys) VALUES (:c, :from, :keys)")
				.param("c", conversationId)
				.param("from", fromSeq)
				.param("keys", keys.array())
				.update();
		}
		this.jdbc.sql("UPDATE sequences SET keys_upto = :upto WHERE conversation_id = :c")
			.param("upto", upto)
			.param("c", conversationId)
			.update();
	}

	/** Every key of a conversation in {@code client_keys}: its hash and event number. */
	void spilledClientKeys(long conversationId, SpilledKeyConsumer consumer) {
		this.template.query("SELECT keys FROM client_keys WHERE conversation_id = ?", (RowCallbackHandler) (rs) -> {
			ByteBuffer keys = ByteBuffer.wrap(rs.getBytes(1));
			while (keys.remaining() >= KEY_BYTES) {
				consumer.accept(keys.getLong(), keys.getLong());
			}
		}, conversationId);
	}

	/**
	 * The numbers of a conversation's events whose key has this hash in
	 * {@code client_keys}.
	 */
	List<Long> clientKeySeqs(long conversationId, long hash) {
		List<Long> seqs = new ArrayList<>(1);
		spilledClientKeys(conversationId, (keyHash, seq) -> {
			if (keyHash == hash) {
				seqs.add(seq);
			}
		});
		return seqs;
	}

	/** Receives a spilled key: its hash and its event's number. */
	@FunctionalInterface
	interface SpilledKeyConsumer {

		void accept(long hash, long seq);

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

	/** Moves a member's position forward; true when it moved. */
	boolean advanceReceipt(long conversationId, long userId, boolean read, long seq) {
		this.jdbc
			.sql("INSERT INTO receipts (conversation_id, user_id, delivered_seq, read_seq) VALUES (:c, :u, 0, 0) "
					+ "ON CONFLICT DO NOTHING")
			.param("c", conversationId)
			.param("u", userId)
			.update();
		String sql = read
				? "UPDATE receipts SET read_seq = :s, delivered_seq = GREATEST(delivered_seq, :s) "
						+ "WHERE conversation_id = :c AND user_id = :u AND read_seq < :s"
				: "UPDATE receipts SET delivered_seq = :s WHERE conversation_id = :c AND user_id = :u "
						+ "AND delivered_seq < :s";
		return this.jdbc.sql(sql).param("s", seq).param("c", conversationId).param("u", userId).update() == 1;
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
