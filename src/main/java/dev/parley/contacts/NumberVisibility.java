package dev.parley.contacts;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which users' phone numbers a viewer is entitled to ({@link Profiles} states the rule).
 * Queries over the address books ({@code contacts}) and, read-only, the accounts module's
 * {@code users} and the conversations module's {@code conversations} and {@code members}
 * tables: the rule joins who knows whom with who is in which conversation, and answering
 * it in the database keeps it to a few indexed statements for a whole member list.
 */
@Repository
class NumberVisibility {

	private final JdbcClient jdbc;

	NumberVisibility(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The users among {@code ownerIds} whose numbers the viewer may see because one of
	 * the two has the other's number in their contacts (both by primary key).
	 */
	Set<Long> knownAmong(long viewerId, Collection<Long> ownerIds) {
		Set<Long> known = new HashSet<>(this.jdbc
			.sql("SELECT u.id FROM contacts c JOIN users u ON u.phone = c.phone "
					+ "WHERE c.owner_id = :viewer AND u.id IN (:owners)")
			.param("viewer", viewerId)
			.param("owners", ownerIds)
			.query(Long.class)
			.list());
		known.addAll(this.jdbc
			.sql("SELECT c.owner_id FROM contacts c JOIN users v ON v.phone = c.phone "
					+ "WHERE v.id = :viewer AND c.owner_id IN (:owners)")
			.param("viewer", viewerId)
			.param("owners", ownerIds)
			.query(Long.class)
			.list());
		return known;
	}

	/**
	 * The members of the viewer's direct conversations and groups whose numbers those
	 * conversations reveal to the viewer: their creators, and the members their creators
	 * have in their contacts. Read from the viewer's own conversations, whatever
	 * conversation is being shown (which may be a room of thousands).
	 */
	Set<Long> revealedByConversations(long viewerId) {
		return new HashSet<>(this.jdbc
			.sql("SELECT DISTINCT mo.user_id FROM members mv "
					+ "JOIN conversations k ON k.id = mv.conversation_id AND k.kind IN ('direct', 'group') "
					+ "JOIN members mo ON mo.conversation_id = k.id " + "JOIN users u ON u.id = mo.user_id "
					+ "WHERE mv.user_id = :viewer AND (k.created_by = mo.user_id "
					+ "OR EXISTS (SELECT 1 FROM contacts kc WHERE kc.owner_id = k.created_by AND kc.phone = u.phone))")
			.param("viewer", viewerId)
			.query(Long.class)
			.list());
	}

}
