package dev.parley.messaging;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Read-side queries over events, sequences and receipts for a user's conversation list.
 */
@Repository
class InboxQueries {

	record Activity(long lastSeq, OffsetDateTime lastEventAt) {
	}

	record Positions(long deliveredSeq, long readSeq) {
	}

	private final JdbcClient jdbc;

	InboxQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Map<Long, Long> deliveredPositions(long userId) {
		Map<Long, Long> positions = new HashMap<>();
		this.jdbc.sql("SELECT conversation_id, delivered_seq FROM receipts WHERE user_id = :u")
			.param("u", userId)
			.query((rs, n) -> Map.entry(rs.getLong(1), rs.getLong(2)))
			.list()
			.forEach((e) -> positions.put(e.getKey(), e.getValue()));
		return positions;
	}

	/**
	 * Every member's receipt positions in a conversation (members without any: absent).
	 */
	List<ReceiptPosition> receipts(long conversationId) {
		return this.jdbc
			.sql("SELECT user_id, delivered_seq, read_seq FROM receipts WHERE conversation_id = :c ORDER BY user_id")
			.param("c", conversationId)
			.query((rs, n) -> new ReceiptPosition(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
			.list();
	}

	Map<Long, Long> lastSeqs(List<Long> conversationIds) {
		Map<Long, Long> seqs = new HashMap<>();
		activity(conversationIds).forEach((id, activity) -> seqs.put(id, activity.lastSeq()));
		return seqs;
	}

	Map<Long, Activity> activity(List<Long> conversationIds) {
		Map<Long, Activity> activity = new HashMap<>();
		if (conversationIds.isEmpty()) {
			return activity;
		}
		this.jdbc.sql("SELECT conversation_id, last_seq, last_event_at FROM sequences WHERE conversation_id IN (:ids)")
			.param("ids", conversationIds)
			.query((rs, n) -> Map.entry(rs.getLong(1),
					new Activity(rs.getLong(2), rs.getObject(3, OffsetDateTime.class))))
			.list()
			.forEach((e) -> activity.put(e.getKey(), e.getValue()));
		return activity;
	}

	Map<Long, Positions> positions(long userId, List<Long> conversationIds) {
		Map<Long, Positions> positions = new HashMap<>();
		if (conversationIds.isEmpty()) {
			return positions;
		}
		this.jdbc
			.sql("SELECT conversation_id, delivered_seq, read_seq FROM receipts "
					+ "WHERE user_id = :u AND conversation_id IN (:ids)")
			.param("u", userId)
			.param("ids", conversationIds)
			.query((rs, n) -> Map.entry(rs.getLong(1), new Positions(rs.getLong(2), rs.getLong(3))))
			.list()
			.forEach((e) -> positions.put(e.getKey(), e.getValue()));
		return positions;
	}

	/** The last message event of each conversation, in one query. */
	Map<Long, EventRow> lastMessages(List<Long> conversationIds) {
		Map<Long, EventRow> last = new HashMap<>();
		if (conversationIds.isEmpty()) {
			return last;
		}
		this.jdbc
			.sql("SELECT e.conversation_id, e.seq, e.sender_id, e.body, e.created_at, e.deleted FROM events e "
					+ "JOIN (SELECT conversation_id, MAX(seq) AS seq FROM events WHERE kind = 'message' "
					+ "AND conversation_id IN (:ids) GROUP BY conversation_id) m "
					+ "ON m.conversation_id = e.conversation_id AND m.seq = e.seq")
			.param("ids", conversationIds)
			.query((rs, n) -> new EventRow(rs.getLong(1), rs.getLong(2), EventKind.MESSAGE, rs.getLong(3), 0, null,
					rs.getString(4), null, null, null, rs.getObject(5, OffsetDateTime.class), null, rs.getBoolean(6)))
			.list()
			.forEach((row) -> last.put(row.conversationId(), row));
		return last;
	}

	/** Messages from others after the user's read position, per conversation. */
	Map<Long, Long> unread(long userId, List<Long> conversationIds) {
		Map<Long, Long> unread = new HashMap<>();
		if (conversationIds.isEmpty()) {
			return unread;
		}
		this.jdbc
			.sql("SELECT e.conversation_id, COUNT(*) FROM events e LEFT JOIN receipts r "
					+ "ON r.conversation_id = e.conversation_id AND r.user_id = :u "
					+ "WHERE e.conversation_id IN (:ids) AND e.kind = 'message' AND e.sender_id <> :u "
					+ "AND NOT e.deleted AND e.seq > COALESCE(r.read_seq, 0) GROUP BY e.conversation_id")
			.param("u", userId)
			.param("ids", conversationIds)
			.query((rs, n) -> Map.entry(rs.getLong(1), rs.getLong(2)))
			.list()
			.forEach((e) -> unread.put(e.getKey(), e.getValue()));
		return unread;
	}

}
