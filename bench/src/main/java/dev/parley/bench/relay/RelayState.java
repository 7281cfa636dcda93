package dev.parley.bench.relay;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;

/**
 * The relay's whole memory: sessions per user, conversations with their next sequence
 * number, and a mailbox per offline user. No broker, no database. Thread-safe: called from
 * every relay event loop.
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

	record Conversation(long id, long[] members, AtomicLong lastSeq) {
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
		Conversation conversation = new Conversation(this.nextConversationId.getAndIncrement(), members,
				new AtomicLong());
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
