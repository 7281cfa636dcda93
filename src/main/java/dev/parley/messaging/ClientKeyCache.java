package dev.parley.messaging;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The client ids of each conversation's stored events, in memory: how the sequencer tells
 * a resend from a new command (G2) without a unique index on the events table, whose
 * write, one random leaf per event, cost about a quarter of the node at 4,000 msg/s on
 * the embedded database.
 *
 * <p>
 * For a conversation it has seen, the cache holds a keyed 64-bit hash of the sender and
 * client id of every stored event with its sequence number, and the number up to which it
 * holds them all. It never misses a stored event: the sequencer asks for a conversation's
 * {@link #keys} only with the conversation's sequence row locked (so no one else can
 * store an event of it meanwhile), passing the locked last number, and the cache first
 * reads the events it lacks below that number from the store: those another node or a
 * membership change stored since, or all of them for a conversation it does not hold. A
 * hash found names the event to read and compare ({@link #stored}); the rare other event
 * with the same hash is kept exactly. What a batch stores is added after its commit
 * ({@link #added}), so a rolled-back batch leaves nothing behind.
 *
 * <p>
 * Caffeine evicts conversations (the least likely to be used again first) when the
 * cache's estimated size passes {@code parley.messaging.client-key-cache}; an evicted
 * conversation's events are read again at its next command. An entry a batch still holds
 * when it is evicted stays right for that batch. Thread-safe: sequencer threads of one
 * node share it.
 */
@Component
class ClientKeyCache {

	/** Estimated bytes of a conversation's entry without its table. */
	private static final int ENTRY_OVERHEAD = 160;

	private final EventStore store;

	private final long seed = new SecureRandom().nextLong();

	/** The conversations held, weighed by their estimated bytes. */
	private final Cache<Long, Keys> conversations;

	private final Counter read;

	@Autowired
	ClientKeyCache(EventStore store, MessagingProperties properties, MeterRegistry meters) {
		this(store, properties.clientKeyCache().toBytes(), meters, ForkJoinPool.commonPool());
	}

	/**
	 * @param executor where the cache evicts (the caller's thread in tests, so evictions
	 * are done when a batch returns)
	 */
	ClientKeyCache(EventStore store, long budget, MeterRegistry meters, Executor executor) {
		this.store = store;
		this.read = Counter.builder("parley.sequencer.client.keys.read")
			.description("Stored events whose client ids the sequencer read into its cache: a conversation's "
					+ "first command since the node started or since it was evicted, or events another node stored")
			.register(meters);
		Counter evicted = Counter.builder("parley.sequencer.client.keys.evicted")
			.description("Conversations evicted from the sequencer's client-id cache to stay within its size")
			.register(meters);
		this.conversations = Caffeine.newBuilder()
			.maximumWeight(budget)
			.weigher((Long id, Keys keys) -> keys.bytes())
			.evictionListener((Long id, Keys keys, RemovalCause cause) -> evicted.increment())
			.executor(executor)
			.build();
		Gauge.builder("parley.sequencer.client.keys.size", this, ClientKeyCache::size)
			.description("Estimated size of the sequencer's client-id cache")
			.baseUnit("bytes")
			.register(meters);
	}

	/**
	 * The keys of a conversation's stored events up to {@code lastSeq}, read from the
	 * store where the cache lacks them. The caller holds the conversation's sequence row
	 * locked, and {@code lastSeq} is its last number.
	 */
	Keys keys(long conversationId, long lastSeq) {
		Keys keys = this.conversations.get(conversationId, Keys::new);
		int read = keys.cover(lastSeq);
		if (read > 0) {
			this.read.increment(read);
			reweigh(keys);
		}
		return keys;
	}

	/**
	 * The stored event with this sender and client id, or {@code null}.
	 * @param keys the conversation's keys, from {@link #keys} in this transaction
	 */
	EventRow stored(Keys keys, long senderId, String clientId) {
		if (clientId == null) {
			return null;
		}
		long hash = hash(senderId, clientId);
		long seq = keys.seq(hash);
		if (seq == 0) {
			return null;
		}
		EventRow row = this.store.find(keys.conversationId, seq).orElse(null);
		if (row != null && row.senderId() == senderId && clientId.equals(row.clientId())) {
			return row;
		}
		// another key with the same hash: this one, if stored, is kept exactly
		long exact = keys.collided(senderId, clientId);
		return (exact != 0) ? this.store.find(keys.conversationId, exact).orElse(null) : null;
	}

	/**
	 * Adds the events a batch stored in a conversation, in order, once its transaction
	 * has committed. Keys held only up to an earlier number than the first of them are
	 * left as they are: the missing events are read from the store at the next command.
	 * @param keys the conversation's keys, from {@link #keys} in that transaction
	 */
	void added(Keys keys, List<EventRow> rows) {
		keys.extend(rows);
		reweigh(keys);
	}

	/** Has the cache weigh a conversation again, if it still holds it, after it grew. */
	private void reweigh(Keys keys) {
		this.conversations.asMap().computeIfPresent(keys.conversationId, (id, held) -> held);
	}

	private double size() {
		return this.conversations.policy().eviction().orElseThrow().weightedSize().orElse(0);
	}

	/** A keyed hash of a sender and client id, never 0. */
	long hash(long senderId, String clientId) {
		long h = mix(this.seed ^ (senderId * 0x9E3779B97F4A7C15L));
		for (int i = 0; i < clientId.length(); i++) {
			h = (h ^ clientId.charAt(i)) * 0x100000001B3L;
		}
		h = mix(h ^ clientId.length());
		return (h != 0) ? h : 1;
	}

	/** MurmurHash3's 64-bit finaliser. */
	private static long mix(long h) {
		h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
		h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
		return h ^ (h >>> 33);
	}

	/**
	 * One conversation's keys: an open-addressing table from hash to sequence number, and
	 * the keys whose hash another key had first.
	 */
	final class Keys {

		private final long conversationId;

		/** Every stored event up to this number is held. */
		private long covered;

		private long[] hashes = new long[8];

		private long[] seqs = new long[8];

		private int size;

		private List<Collided> collided = List.of();

		private Keys(long conversationId) {
			this.conversationId = conversationId;
		}

		/** Reads what is missing up to {@code lastSeq}; returns the events read. */
		private synchronized int cover(long lastSeq) {
			if (lastSeq == this.covered) {
				return 0;
			}
			if (lastSeq < this.covered) {
				// the store holds fewer events than were seen (it was restored): read
				// them all
				clear();
			}
			int[] count = { 0 };
			ClientKeyCache.this.store.clientKeys(this.conversationId, this.covered, lastSeq,
					(seq, senderId, clientId) -> {
						put(hash(senderId, clientId), seq, senderId, clientId);
						count[0]++;
					});
			this.covered = lastSeq;
			return count[0];
		}

		/**
		 * Adds events stored right after the last held one, in order; ignores any other.
		 */
		private synchronized void extend(List<EventRow> rows) {
			for (EventRow row : rows) {
				if (row.seq() != this.covered + 1) {
					return;
				}
				if (row.clientId() != null) {
					put(hash(row.senderId(), row.clientId()), row.seq(), row.senderId(), row.clientId());
				}
				this.covered = row.seq();
			}
		}

		private synchronized long seq(long hash) {
			int mask = this.hashes.length - 1;
			for (int i = (int) hash & mask; this.hashes[i] != 0; i = (i + 1) & mask) {
				if (this.hashes[i] == hash) {
					return this.seqs[i];
				}
			}
			return 0;
		}

		private synchronized long collided(long senderId, String clientId) {
			for (Collided key : this.collided) {
				if (key.senderId == senderId && key.clientId.equals(clientId)) {
					return key.seq;
				}
			}
			return 0;
		}

		private void put(long hash, long seq, long senderId, String clientId) {
			if (seq(hash) != 0) {
				// stored keys are unique, so this is another key with the same hash
				if (this.collided.isEmpty()) {
					this.collided = new ArrayList<>(1);
				}
				this.collided.add(new Collided(senderId, Objects.requireNonNull(clientId), seq));
				return;
			}
			if ((this.size + 1) * 4L > this.hashes.length * 3L) {
				grow();
			}
			insert(hash, seq);
			this.size++;
		}

		private void insert(long hash, long seq) {
			int mask = this.hashes.length - 1;
			int i = (int) hash & mask;
			while (this.hashes[i] != 0) {
				i = (i + 1) & mask;
			}
			this.hashes[i] = hash;
			this.seqs[i] = seq;
		}

		private void grow() {
			long[] oldHashes = this.hashes;
			long[] oldSeqs = this.seqs;
			this.hashes = new long[oldHashes.length * 2];
			this.seqs = new long[oldHashes.length * 2];
			for (int i = 0; i < oldHashes.length; i++) {
				if (oldHashes[i] != 0) {
					insert(oldHashes[i], oldSeqs[i]);
				}
			}
		}

		private void clear() {
			this.hashes = new long[8];
			this.seqs = new long[8];
			this.size = 0;
			this.collided = List.of();
			this.covered = 0;
		}

		/** The estimated size in bytes. */
		private synchronized int bytes() {
			return (int) Math.min(Integer.MAX_VALUE,
					ENTRY_OVERHEAD + 16L * this.hashes.length + 96L * this.collided.size());
		}

	}

	private record Collided(long senderId, String clientId, long seq) {
	}

	/** Receives the sender and client id of a stored event. */
	@FunctionalInterface
	interface KeyConsumer {

		void accept(long seq, long senderId, String clientId);

	}

}
