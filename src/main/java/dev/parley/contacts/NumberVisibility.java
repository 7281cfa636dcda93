package dev.parley.contacts;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which users' phone numbers a viewer is entitled to ({@link Profiles} states the rule).
 * One query over the address books ({@code contacts}) and, read-only, the accounts
 * module's {@code users} and the conversations module's {@code conversations} and
 * {@code members} tables: the rule joins who knows whom with who is in which
 * conversation, and answering it in the database keeps it one round trip for a whole
 * member list.
 */
@Repository
class NumberVisibility {

	private final JdbcClient jdbc;

	NumberVisibility(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The users among {@code ownerIds} whose numbers the viewer may see (not the viewer).
	 */
	Set<Long> entitled(long viewerId, Collection<Long> ownerIds) {
		return new HashSet<>(this.jdbc
			.sql("SELECT u.id FROM users u JOIN users v ON v.id = :viewer WHERE u.id IN (:owners) AND ("
					+ "EXISTS (SELECT 1 FROM contacts c WHERE c.owner_id = v.id AND c.phone = u.phone) "
					+ "OR EXISTS (SELECT 1 FROM contacts c WHERE c.owner_id = u.id AND c.phone = v.phone) "
					+ "OR EXISTS (SELECT 1 FROM members mv "
					+ "JOIN conversations k ON k.id = mv.conversation_id AND k.kind IN ('direct', 'group') "
					+ "JOIN members mo ON mo.conversation_id = k.id AND mo.user_id = u.id "
					+ "WHERE mv.user_id = v.id AND (k.created_by = u.id OR EXISTS (SELECT 1 FROM contacts kc "
					+ "WHERE kc.owner_id = k.created_by AND kc.phone = u.phone))))")
			.param("viewer", viewerId)
			.param("owners", ownerIds)
			.query(Long.class)
			.list());
	}

}
