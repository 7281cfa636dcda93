package dev.parley.infra.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.parley.infra.Durability;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Decides when the embedded H2 database writes commits to its file. H2 runs with a write
 * delay ({@link EmbeddedDatabaseConfiguration}), so a commit alone stays in memory until
 * H2's background writer stores it; this class writes them sooner where that is needed:
 * <ul>
 * <li>Every connection handed out by the pool is wrapped: its {@code commit} writes
 * everything committed to the file before it returns when its transaction wrote, and its
 * {@code close} does when statements were made in auto-commit mode since its last store.
 * Nothing based on such a commit leaves the node before it is in the file, as with
 * {@code WRITE_DELAY=0}.</li>
 * <li>Work run through {@link #replayable} (the sequencer's batches) uses unwrapped
 * connections, so its commits are written with the next store, not each on its own: H2
 * appends a chunk to the file per store, and a store per batch cost the sequencer most of
 * its time (docs/BENCHMARKS.md). If another connection was in use while the work ran, the
 * work may have read a commit not yet in the file, so the work ends with a store.</li>
 * </ul>
 * A write after {@code close} still counts as "in use": a wrapped connection counts as in
 * use from the moment the pool hands it out until its closing store is done.
 */
class EmbeddedDatabaseDurability implements Durability {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseDurability.class);

	/** Whether the current thread runs replayable work. */
	private final ThreadLocal<Boolean> replaying = ThreadLocal.withInitial(() -> Boolean.FALSE);

	/** Wrapped connections handed out and not yet closed. */
	private final AtomicInteger othersOpen = new AtomicInteger();

	/** Wrapped connections closed so far (after their closing store). */
	private final AtomicLong othersClosed = new AtomicLong();

	private final Counter deferred;

	private final Counter storedAtOnce;

	private volatile MVStore store;

	EmbeddedDatabaseDurability(MeterRegistry meters) {
		this.deferred = replayable(meters, "later");
		this.storedAtOnce = replayable(meters, "at-once");
	}

	private static Counter replayable(MeterRegistry meters, String disk) {
		return Counter.builder("parley.database.replayable")
			.description("Replayable database work (sequencer batches) by when its commits reached the file: "
					+ "later = with the next store, at-once = before it returned, because another connection "
					+ "was in use meanwhile")
			.tag("disk", disk)
			.register(meters);
	}

	@Override
	public <T> T replayable(Supplier<T> work) {
		if (this.replaying.get()) {
			return work.get();
		}
		long closedBefore = this.othersClosed.get();
		T result;
		this.replaying.set(Boolean.TRUE);
		try {
			result = work.get();
		}
		finally {
			this.replaying.set(Boolean.FALSE);
		}
		// open first: a connection closes by counting itself closed, then no longer open
		if (this.othersOpen.get() > 0 || this.othersClosed.get() != closedBefore) {
			writeCommitted();
			this.storedAtOnce.increment();
		}
		else {
			this.deferred.increment();
		}
		return result;
	}

	/** The pool, its connections wrapped as described above. */
	DataSource wrap(DataSource pool) {
		return new Commits(pool);
	}

	/** The pool, wrapped by {@link #wrap}. */
	final class Commits extends DelegatingDataSource {

		Commits(DataSource pool) {
			super(pool);
		}

		@Override
		public Connection getConnection() throws SQLException {
			return track(super.getConnection());
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return track(super.getConnection(username, password));
		}

	}

	private Connection track(Connection connection) throws SQLException {
		if (this.replaying.get()) {
			return connection;
		}
		this.othersOpen.incrementAndGet();
		try {
			SessionLocal session = session(connection);
			MVStore current = this.store;
			if (current == null || current.isClosed()) {
				this.store = mvStore(session);
			}
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
					new Tracked(connection, session));
		}
		catch (SQLException | RuntimeException ex) {
			this.othersOpen.decrementAndGet();
			connection.close();
			throw ex;
		}
	}

	/** Writes everything committed to the file (nothing when nothing is new). */
	private void writeCommitted() {
		MVStore current = this.store;
		if (current != null && !current.isClosed()) {
			current.commit();
		}
	}

	/** The H2 session behind a pooled connection. */
	private static SessionLocal session(Connection connection) throws SQLException {
		return (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
	}

	/** The H2 store behind a pooled connection. */
	static MVStore mvStore(Connection connection) throws SQLException {
		return mvStore(session(connection));
	}

	private static MVStore mvStore(SessionLocal session) {
		return session.getDatabase().getStore().getMvStore();
	}

	/**
	 * A connection whose commits reach the file before it answers: a commit that wrote
	 * stores at once, and closing stores if statements were made in auto-commit mode
	 * since its last store (they may have written outside a transaction). A commit that
	 * wrote nothing, a read-only transaction, stores nothing: under load the sequencer's
	 * commits would make every such store write a chunk.
	 */
	private final class Tracked implements InvocationHandler {

		private final Connection target;

		private final SessionLocal session;

		/** Whether statements were made in auto-commit mode since the last store. */
		private boolean autoCommitted;

		private boolean closed;

		Tracked(Connection target, SessionLocal session) {
			this.target = target;
			this.session = session;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			switch (method.getName()) {
				case "createStatement", "prepareStatement", "prepareCall" -> {
					this.autoCommitted |= this.session.getAutoCommit();
					return call(method, args);
				}
				case "commit" -> {
					boolean wrote = this.session.hasPendingTransaction();
					call(method, args);
					if (wrote) {
						stored();
					}
					return null;
				}
				case "close" -> {
					if (this.closed) {
						return null;
					}
					this.closed = true;
					try {
						if (this.autoCommitted) {
							stored();
						}
					}
					finally {
						EmbeddedDatabaseDurability.this.othersClosed.incrementAndGet();
						EmbeddedDatabaseDurability.this.othersOpen.decrementAndGet();
						call(method, args);
					}
					return null;
				}
				case "equals" -> {
					return proxy == args[0];
				}
				case "hashCode" -> {
					return System.identityHashCode(proxy);
				}
				default -> {
					return call(method, args);
				}
			}
		}

		private void stored() throws SQLException {
			try {
				writeCommitted();
				this.autoCommitted = false;
			}
			catch (RuntimeException ex) {
				log.warn("Writing the embedded database's commits to its file failed: {}", ex.toString());
				throw new SQLException("Writing the commit to the database file failed", ex);
			}
		}

		private Object call(Method method, Object[] args) throws Throwable {
			try {
				return method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

}
