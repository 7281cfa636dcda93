package dev.parley.bench.relay;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The relay's whole memory: sessions per user, conversations with their next sequence
 * number and their members' receipt positions, and a mailbox per offline user. No broker,
 * no database. Thread-safe: called from every relay event loop.
 */
final class RelayState {

	private final Map<Long, List<RelayConnection>> sessions = new ConcurrentHashMap<>();

	private final Map<DirectPair, Conversation> directs = new ConcurrentHashMap<>();

	private final Map<Long, Conversation> conversations = new ConcurrentHashMap<>();

	private final Map<Long, Queue<String>> mailboxes = new ConcurrentHashMap<>();

	private final AtomicLong nextConversationId = new AtomicLong(1);

	record DirectPair(long low, long high) {
		static DirectPair of(long a, long b) {
			return new DirectPair(Math.min(a, b), Math.max(a, b));
		}
	}

	/**
	 * A conversation: its members, its last sequence number, and each member's delivered
	 * and read positions (by the member's index in {@code members}).
	 */
	record Conversation(long id, long[] members, AtomicLong lastSeq, AtomicLongArray delivered,
			AtomicLongArray read) {

		Conversation(long id, long[] members) {
			this(id, members, new AtomicLong(), new AtomicLongArray(members.length),
					new AtomicLongArray(members.length));
		}

		/** The index of {@code userId} in {@code members}, or -1 when not a member. */
		int indexOf(long userId) {
			for (int i = 0; i < this.members.length; i++) {
				if (this.members[i] == userId) {
					return i;
				}
			}
			return -1;
		}

		/**
		 * Moves member {@code index}'s position to {@code seq} if that is forward: a read
		 * receipt moves both positions, as on Parley. Returns whether the receipt's own
		 * position moved.
		 */
		boolean advance(int index, boolean read, long seq) {
			long delivered = this.delivered.getAndAccumulate(index, seq, Math::max);
			if (!read) {
				return delivered < seq;
			}
			return this.read.getAndAccumulate(index, seq, Math::max) < seq;
		}

	}

	void online(long userId, RelayConnection connection) {
		this.sessions.computeIfAbsent(userId, id -> new CopyOnWriteArrayList<>()).add(connection);
	}

	void offline(long userId, RelayConnection connection) {
		List<RelayConnection> list = this.sessions.get(userId);
		if (list != null) {
			list.remove(connection);
		}
	}

	Conversation direct(long from, long to) {
		return this.directs.computeIfAbsent(DirectPair.of(from, to), pair -> register(new long[] { from, to }));
	}

	Conversation conversation(long id) {
		return this.conversations.get(id);
	}

	Conversation createGroup(long[] members) {
		return register(members);
	}

	private Conversation register(long[] members) {
		Conversation conversation = new Conversation(this.nextConversationId.getAndIncrement(), members);
		this.conversations.put(conversation.id(), conversation);
		return conversation;
	}

	/**
	 * Pushes an event to every session of {@code userId}, or keeps it in the user's mailbox
	 * when none is online. {@code v1} and {@code seed} are the event as each protocol sees it.
	 */
	void deliver(long userId, String v1, String seed) {
		List<RelayConnection> list = this.sessions.get(userId);
		if (list == null || list.isEmpty()) {
			Queue<String> mailbox = this.mailboxes.computeIfAbsent(userId, id -> new ArrayDeque<>());
			synchronized (mailbox) {
				mailbox.add(v1);
				mailbox.add(seed);
			}
			return;
		}
		for (RelayConnection connection : list) {
			connection.push(connection.seed() ? seed : v1);
		}
	}

	/**
	 * Pushes a v1 event to the v1 sessions of {@code userId} that are online, and to no
	 * mailbox (receipts, like Parley's, are only pushed live).
	 */
	void pushLive(long userId, String v1) {
		List<RelayConnection> list = this.sessions.get(userId);
		if (list == null) {
			return;
		}
		for (RelayConnection connection : list) {
			if (!connection.seed()) {
				connection.push(v1);
			}
		}
	}

	/** Sends {@code connection} what its user missed while offline, in order. */
	void drainMailbox(long userId, RelayConnection connection) {
		Queue<String> mailbox = this.mailboxes.remove(userId);
		if (mailbox == null) {
			return;
		}
		synchronized (mailbox) {
			while (!mailbox.isEmpty()) {
				String v1 = mailbox.poll();
				String seed = mailbox.poll();
				connection.push(connection.seed() ? seed : v1);
			}
		}
	}

	static String now() {
		return Instant.now().toString();
	}

}
