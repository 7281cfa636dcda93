package dev.parley.gateway;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The replays waiting for a resume thread: bounded, and fair across users. Each user has
 * a queue of their own and at most one replay running; users with a replay waiting take
 * turns, one replay each, in the order they first asked. So a user who opens many sockets
 * and resumes on all of them occupies one resume thread and waits behind their own
 * replays, while every other user's replay starts at the next free thread. Beyond
 * {@code capacity} replays waiting in all, or {@code perUser} of one user, {@link #offer}
 * refuses. Thread-safe; {@link #take} blocks.
 */
final class ReplayQueue {

	/** A replay handed to a resume thread, with the user whose turn it is. */
	record Turn(long userId, Runnable replay) {
	}

	private final int capacity;

	private final int perUser;

	private final Map<Long, ArrayDeque<Runnable>> waiting = new HashMap<>();

	/** Users with a replay waiting and none running, in the order of their turns. */
	private final ArrayDeque<Long> turns = new ArrayDeque<>();

	private final Set<Long> running = new HashSet<>();

	private int size;

	ReplayQueue(int capacity, int perUser) {
		this.capacity = capacity;
		this.perUser = perUser;
	}

	/** Queues a replay of this user; false when the queue or the user's share is full. */
	synchronized boolean offer(long userId, Runnable replay) {
		ArrayDeque<Runnable> mine = this.waiting.get(userId);
		if (this.size >= this.capacity || (mine != null && mine.size() >= this.perUser)) {
			return false;
		}
		if (mine == null) {
			mine = new ArrayDeque<>();
			this.waiting.put(userId, mine);
			if (!this.running.contains(userId)) {
				this.turns.add(userId);
				notifyAll();
			}
		}
		mine.add(replay);
		this.size++;
		return true;
	}

	/**
	 * Waits for the next user's turn and takes their oldest replay; the caller must call
	 * {@link #done} with the user once it has run.
	 */
	synchronized Turn take() throws InterruptedException {
		while (this.turns.isEmpty()) {
			wait();
		}
		long userId = this.turns.poll();
		ArrayDeque<Runnable> mine = this.waiting.get(userId);
		Runnable replay = mine.poll();
		if (mine.isEmpty()) {
			this.waiting.remove(userId);
		}
		this.size--;
		this.running.add(userId);
		return new Turn(userId, replay);
	}

	/** The user's replay has run: their next one, if any, takes its turn at the end. */
	synchronized void done(long userId) {
		this.running.remove(userId);
		if (this.waiting.containsKey(userId)) {
			this.turns.add(userId);
			notifyAll();
		}
	}

	/** Replays waiting (not running). */
	synchronized int size() {
		return this.size;
	}

}
