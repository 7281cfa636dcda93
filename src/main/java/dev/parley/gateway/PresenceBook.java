package dev.parley.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is online anywhere in the cluster, built from the ephemeral topic: a user is online
 * while some node reports a session of theirs and that node's heartbeats keep coming.
 * Last-seen times are those of the last offline report this node saw. Thread-safe.
 */
final class PresenceBook {

	private final Map<Long, Set<String>> nodesByUser = new ConcurrentHashMap<>();

	private final Map<String, Instant> heartbeats = new ConcurrentHashMap<>();

	private final Map<Long, Instant> lastSeen = new ConcurrentHashMap<>();

	private final Duration nodeTimeout;

	PresenceBook(Duration nodeTimeout) {
		this.nodeTimeout = nodeTimeout;
	}

	/** Records a presence report; true when the user's cluster-wide state changed. */
	boolean report(long userId, String node, boolean online, Instant at) {
		this.heartbeats.put(node, at);
		boolean before = isOnline(userId, at);
		if (online) {
			this.nodesByUser.computeIfAbsent(userId, (id) -> ConcurrentHashMap.newKeySet()).add(node);
		}
		else {
			this.nodesByUser.computeIfPresent(userId, (id, nodes) -> {
				nodes.remove(node);
				return nodes.isEmpty() ? null : nodes;
			});
			this.lastSeen.put(userId, at);
		}
		return before != isOnline(userId, at);
	}

	/** A node's full list of online users: it replaces what the node reported before. */
	void heartbeat(String node, Collection<Long> users, Instant at) {
		this.heartbeats.put(node, at);
		Set<Long> online = Set.copyOf(users);
		for (Map.Entry<Long, Set<String>> entry : this.nodesByUser.entrySet()) {
			if (!online.contains(entry.getKey()) && entry.getValue().contains(node)) {
				this.nodesByUser.computeIfPresent(entry.getKey(), (id, nodes) -> {
					nodes.remove(node);
					return nodes.isEmpty() ? null : nodes;
				});
			}
		}
		for (long userId : online) {
			this.nodesByUser.computeIfAbsent(userId, (id) -> ConcurrentHashMap.newKeySet()).add(node);
		}
	}

	boolean isOnline(long userId, Instant now) {
		Set<String> nodes = this.nodesByUser.get(userId);
		if (nodes == null) {
			return false;
		}
		for (String node : nodes) {
			Instant beat = this.heartbeats.get(node);
			if (beat != null && beat.plus(this.nodeTimeout).isAfter(now)) {
				return true;
			}
		}
		return false;
	}

	Instant lastSeen(long userId) {
		return this.lastSeen.get(userId);
	}

}
