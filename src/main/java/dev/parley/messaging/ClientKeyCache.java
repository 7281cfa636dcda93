package dev.parley.messaging;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
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
 * The client ids of each conversation's stored events: how the sequencer tells a resend
 * from a new command (G2) without a unique index on the events table, whose write, one
 * random leaf per event, cost about a quarter of the node at 4,000 msg/s on the embedded
 * database.
 *
 * <p>
 * A key is a 64-bit hash of the sender and client id. For a conversation it has seen, the
 * cache holds its recent keys exactly (hash and sequence number), and the number up to
 * which it knows them all. Once a conversation has {@value #SPILL_AT} recent keys, the
 * sequencer's transaction writes them to the {@code client_keys} table in one row
 * ({@link #spill}), at the end of the conversation's range, and moves the sequence row's
 * {@code keys_upto} mark; after the commit ({@link #added}) the cache keeps only a 32-bit
 * fingerprint of each, so memory per stored event is about 5 bytes instead of 30. A key
 * whose fingerprint is held (a resend of an older message, or by chance) is looked for
 * among the conversation's spilled keys, and every hash found there names an event to
 * read and compare. A conversation with more than {@value #FINGERPRINTS_MAX} spilled keys
 * holds no fingerprints: each of its keys is looked for that way.
 *
 * <p>
 * It never misses a stored event: the sequencer asks for a conversation's {@link #keys}
 * only with the conversation's sequence row locked (so no one else can store an event of
 * it meanwhile), passing the locked last number and {@code keys_upto}, and the cache
 * first reads the events it lacks below that number from the store: those another node or
 * a membership change stored since, or, for a conversation it does not hold, those after
 * {@code keys_upto} (and the fingerprints of the ones before). Two keys may share a hash;
 * every event a hash names is read and compared. What a batch stores or spills is applied
 * to the cache after its commit ({@link #added}), so a rolled-back batch leaves nothing
 * behind.
 *
 * <p>
 * Caffeine evicts conversations (the least likely to be used again first) when the
 * cache's estimated size passes {@code parley.messaging.client-key-cache}; an evicted
 * conversation is read again at its next command: its recent events, and its spilled
 * keys' hashes, which lie next to each other in {@code client_keys}. An entry a batch
 * still holds when it is evicted stays right for that batch. Thread-safe: sequencer
 * threads of one node share it.
 */
@Component
class ClientKeyCache {

	/** Recent keys a conversation holds exactly before they are spilled. */
	static final int SPILL_AT = 64;

	/** Most spilled keys a conversation's fingerprints cover. */
	static final int FINGERPRINTS_MAX = 1 << 20;

	/** Estimated bytes of a conversation's entry without its tables. */
	private static final int ENTRY_OVERHEAD = 200;

	/** The hash's seed: fixed, since hashes are stored and shared by every node. */
	private static final long HASH_SEED = 0x5DEECE66DL;

	private final EventStore store;

	private final int fingerprintsMax;

	/** Where fingerprints go and what they are: keyed per process against crafted ids. */
	private final long placement = new SecureRandom().nextLong();

	/** The conversations held, weighed by their estimated bytes. */
	private final Cache<Long, Keys> conversations;

	private final Counter read;

	private final Counter lookups;

	@Autowired
	ClientKeyCache(EventStore store, MessagingProperties properties, MeterRegistry meters) {
		this(store, properties.clientKeyCache().toBytes(), FINGERPRINTS_MAX, meters, ForkJoinPool.commonPool());
	}

	/**
	 * @param budget the most bytes held
	 * @param fingerprintsMax the most spilled keys a conversation's fingerprints cover
	 * @param executor where the cache evicts (the caller's thread in tests, so evictions
	 * are done when a batch returns)
	 */
	ClientKeyCache(EventStore store, long budget, int fingerprintsMax, MeterRegistry meters, Executor executor) {
		this.store = store;
		this.fingerprintsMax = fingerprintsMax;
		this.read = Counter.builder("parley.sequencer.client.keys.read")
			.description("Keys the sequencer read into its client-id cache: a conversation's recent events and "
					+ "spilled keys at its first command since the node started or since it was evicted, "
					+ "or events another node stored")
			.register(meters);
		this.lookups = Counter.builder("parley.sequencer.client.keys.lookups")
			.description("Client ids the sequencer looked up among a conversation's spilled keys in the database")
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
	 * locked, and {@code lastSeq} and {@code keysUpto} are the row's.
	 */
	Keys keys(long conversationId, long lastSeq, long keysUpto) {
		Keys keys = this.conversations.get(conversationId, Keys::new);
		int read = keys.cover(lastSeq, keysUpto);
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
		// keys with the same hash are rare; each names an event, read and compared
		for (long seq : keys.recent(hash)) {
			EventRow row = matching(keys.conversationId, seq, senderId, clientId);
			if (row != null) {
				return row;
			}
		}
		if (keys.maySpilled(hash)) {
			this.lookups.increment();
			for (long seq : this.store.clientKeySeqs(keys.conversationId, hash)) {
				EventRow row = matching(keys.conversationId, seq, senderId, clientId);
				if (row != null) {
					// held again, so that resending it again reads no rows
					keys.remember(hash, seq);
					return row;
				}
			}
		}
		return null;
	}

	private EventRow matching(long conversationId, long seq, long senderId, String clientId) {
		if (seq == 0) {
			return null;
		}
		EventRow row = this.store.find(conversationId, seq).orElse(null);
		return (row != null && row.senderId() == senderId && clientId.equals(row.clientId())) ? row : null;
	}

	/**
	 * Writes a conversation's recent keys to {@code client_keys} when it holds
	 * {@value #SPILL_AT} or more, in the caller's transaction, which holds the
	 * conversation's sequence row locked; returns what to pass to {@link #added} after
	 * the commit, or {@code null} when nothing was spilled.
	 * @param keys the conversation's keys, from {@link #keys} in this transaction
	 * @param keysUpto the locked row's {@code keys_upto}
	 */
	Spill spill(Keys keys, long keysUpto) {
		Spill spill = keys.unspilled(keysUpto);
		if (spill != null) {
			this.store.spillClientKeys(keys.conversationId, spill.hashes(), spill.seqs(), keysUpto + 1, spill.upto());
		}
		return spill;
	}

	/**
	 * Applies what a batch did in a conversation, once its transaction has committed: the
	 * keys it spilled become fingerprints, the events it stored (in order) are added.
	 * Keys held only up to an earlier number than the first of them are left as they are:
	 * the missing events are read from the store at the next command.
	 * @param keys the conversation's keys, from {@link #keys} in that transaction
	 * @param spilled what {@link #spill} returned in that transaction, or {@code null}
	 */
	void added(Keys keys, List<EventRow> rows, Spill spilled) {
		if (spilled != null) {
			keys.spilled(spilled.upto());
		}
		keys.extend(rows);
		reweigh(keys);
	}

	/**
	 * Has the cache weigh a conversation again, if it still holds it, after it changed.
	 */
	private void reweigh(Keys keys) {
		this.conversations.asMap().computeIfPresent(keys.conversationId, (id, held) -> held);
	}

	private double size() {
		return this.conversations.policy().eviction().orElseThrow().weightedSize().orElse(0);
	}

	/** A hash of a sender and client id, never 0; the same on every node. */
	long hash(long senderId, String clientId) {
		long h = mix(HASH_SEED ^ (senderId * 0x9E3779B97F4A7C15L));
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

	/** The first slot of a fingerprint in a table of {@code mask + 1} slots. */
	private int slot(long hash, int mask) {
		return (int) mix(hash ^ this.placement) & mask;
	}

	/**
	 * Keys a batch spilled: their hashes and numbers, and the number up to which the
	 * conversation's keys are all in {@code client_keys} after it.
	 */
	record Spill(long[] hashes, long[] seqs, long upto) {
	}

	/**
	 * One conversation's keys: the recent ones (hash and sequence number, in the order
	 * they came; a few dozen, so looked through in order), and fingerprints of the
	 * spilled ones.
	 */
	final class Keys {

		private static final long[] NONE = {};

		private final long conversationId;

		/** Whether the keys were read from the store once. */
		private boolean loaded;

		/** Every stored event up to this number is held (recent or spilled). */
		private long covered;

		/** Every key up to this number is in {@code client_keys}. */
		private long spilledUpto;

		private long[] hashes = new long[8];

		private long[] seqs = new long[8];

		private int size;

		/**
		 * The fingerprints of every spilled key, or {@code null} when they are not held
		 * (then every key is looked up in the store).
		 */
		private Fingerprints fingerprints;

		private Keys(long conversationId) {
			this.conversationId = conversationId;
		}

		/**
		 * Reads what is missing up to {@code lastSeq}; returns the keys read.
		 */
		private synchronized int cover(long lastSeq, long keysUpto) {
			int[] count = { 0 };
			if (!this.loaded || lastSeq < this.covered || keysUpto < this.spilledUpto) {
				// not read yet, or the store holds less than was seen (it was restored)
				this.loaded = true;
				this.size = 0;
				this.spilledUpto = keysUpto;
				this.covered = keysUpto;
				this.fingerprints = null;
				if (keysUpto <= ClientKeyCache.this.fingerprintsMax) {
					Fingerprints read = new Fingerprints();
					ClientKeyCache.this.store.spilledClientKeys(this.conversationId, (hash, seq) -> {
						read.add(hash);
						count[0]++;
					});
					this.fingerprints = read;
				}
			}
			if (lastSeq > this.covered) {
				ClientKeyCache.this.store.clientKeys(this.conversationId, this.covered, lastSeq,
						(seq, senderId, clientId) -> {
							add(hash(senderId, clientId), seq);
							count[0]++;
						});
				this.covered = lastSeq;
			}
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
					add(hash(row.senderId(), row.clientId()), row.seq());
				}
				this.covered = row.seq();
			}
		}

		/**
		 * The recent keys not yet in {@code client_keys} (numbered above
		 * {@code keysUpto}), once there are enough of them to spill; else {@code null}.
		 */
		private synchronized Spill unspilled(long keysUpto) {
			if (this.size < SPILL_AT) {
				return null;
			}
			long[] spillHashes = new long[this.size];
			long[] spillSeqs = new long[this.size];
			int n = 0;
			for (int i = 0; i < this.size; i++) {
				if (this.seqs[i] > keysUpto) {
					spillHashes[n] = this.hashes[i];
					spillSeqs[n++] = this.seqs[i];
				}
			}
			return new Spill(Arrays.copyOf(spillHashes, n), Arrays.copyOf(spillSeqs, n),
					Math.max(this.covered, keysUpto));
		}

		/**
		 * Every key up to {@code upto} is now in {@code client_keys}: keeps only their
		 * fingerprints (while there are not too many).
		 */
		private synchronized void spilled(long upto) {
			if (upto <= this.spilledUpto || upto > this.covered) {
				return;
			}
			int kept = 0;
			for (int i = 0; i < this.size; i++) {
				if (this.seqs[i] > upto) {
					this.hashes[kept] = this.hashes[i];
					this.seqs[kept++] = this.seqs[i];
				}
				else if (this.fingerprints != null) {
					this.fingerprints.add(this.hashes[i]);
				}
			}
			this.size = kept;
			if (this.fingerprints != null && this.fingerprints.size > ClientKeyCache.this.fingerprintsMax) {
				this.fingerprints = null;
			}
			this.spilledUpto = upto;
		}

		/** The numbers of the recent keys with this hash (nearly always none or one). */
		private synchronized long[] recent(long hash) {
			long[] found = NONE;
			for (int i = 0; i < this.size; i++) {
				if (this.hashes[i] == hash) {
					found = Arrays.copyOf(found, found.length + 1);
					found[found.length - 1] = this.seqs[i];
				}
			}
			return found;
		}

		/**
		 * Holds a spilled key again until the next spill: it is not written again (it is
		 * numbered below {@code keys_upto}).
		 */
		private synchronized void remember(long hash, long seq) {
			add(hash, seq);
		}

		/** Whether a spilled key may have this hash. */
		private synchronized boolean maySpilled(long hash) {
			return this.spilledUpto > 0 && (this.fingerprints == null || this.fingerprints.contains(hash));
		}

		private void add(long hash, long seq) {
			if (this.size == this.hashes.length) {
				this.hashes = Arrays.copyOf(this.hashes, this.size * 2);
				this.seqs = Arrays.copyOf(this.seqs, this.size * 2);
			}
			this.hashes[this.size] = hash;
			this.seqs[this.size++] = seq;
		}

		/** The estimated size in bytes. */
		private synchronized int bytes() {
			long fingerprintBytes = (this.fingerprints != null) ? 4L * this.fingerprints.table.length : 0;
			return (int) Math.min(Integer.MAX_VALUE, ENTRY_OVERHEAD + 16L * this.hashes.length + fingerprintBytes);
		}

	}

	/**
	 * An open-addressing set of 32-bit fingerprints of key hashes (never 0): a hash it
	 * does not hold was not spilled; one it holds may have been, and is looked up.
	 */
	private final class Fingerprints {

		private int[] table = new int[16];

		private int size;

		void add(long hash) {
			int fingerprint = fingerprint(hash);
			if (contains(fingerprint)) {
				return;
			}
			if ((this.size + 1) * 4L > this.table.length * 3L) {
				int[] old = this.table;
				this.table = new int[old.length * 2];
				for (int value : old) {
					if (value != 0) {
						place(value);
					}
				}
			}
			place(fingerprint);
			this.size++;
		}

		boolean contains(long hash) {
			return contains(fingerprint(hash));
		}

		private boolean contains(int fingerprint) {
			int mask = this.table.length - 1;
			for (int i = slot(fingerprint, mask); this.table[i] != 0; i = (i + 1) & mask) {
				if (this.table[i] == fingerprint) {
					return true;
				}
			}
			return false;
		}

		private void place(int fingerprint) {
			int mask = this.table.length - 1;
			int i = slot(fingerprint, mask);
			while (this.table[i] != 0) {
				i = (i + 1) & mask;
			}
			this.table[i] = fingerprint;
		}

		/**
		 * Keyed per process, like the slots: the hash is fixed, and ids made to share a
		 * stored key's fingerprint would each cost a read of the conversation's rows.
		 */
		private int fingerprint(long hash) {
			int fingerprint = (int) (mix(hash ^ ClientKeyCache.this.placement) >>> 32);
			return (fingerprint != 0) ? fingerprint : 1;
		}

	}

	/** Receives the sender and client id of a stored event. */
	@FunctionalInterface
	interface KeyConsumer {

		void accept(long seq, long senderId, String clientId);

	}

}
