package dev.parley.gateway;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's authenticated sessions by user. Exported as the {@code parley.sessions}
 * gauge. On shutdown every session is closed with 1001 (going away) before anything else
 * stops, so clients reconnect to another node and resume (G4).
 *
 * <p>
 * Thread-safe: a concurrent map of concurrent sets.
 */
@Component
class SessionRegistry implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

	private final Map<Long, Set<ClientSession>> byUser = new ConcurrentHashMap<>();

	private final AtomicInteger count = new AtomicInteger();

	private volatile boolean running;

	SessionRegistry(MeterRegistry meters) {
		Gauge.builder("parley.sessions", this.count, AtomicInteger::get)
			.description("Authenticated WebSocket sessions on this node")
			.register(meters);
	}

	/** Adds a session; true when it is the user's first on this node. */
	boolean add(ClientSession session) {
		long userId = session.principal().userId();
		boolean[] first = new boolean[1];
		this.byUser.compute(userId, (id, sessions) -> {
			Set<ClientSession> set = (sessions != null) ? sessions : ConcurrentHashMap.newKeySet();
			first[0] = set.isEmpty();
			if (set.add(session)) {
				this.count.incrementAndGet();
			}
			return set;
		});
		return first[0];
	}

	/** Removes a session; true when it was the user's last on this node. */
	boolean remove(ClientSession session) {
		if (session.principal() == null) {
			return false;
		}
		boolean[] last = new boolean[1];
		this.byUser.computeIfPresent(session.principal().userId(), (id, sessions) -> {
			if (sessions.remove(session)) {
				this.count.decrementAndGet();
				last[0] = sessions.isEmpty();
			}
			return sessions.isEmpty() ? null : sessions;
		});
		return last[0];
	}

	Set<ClientSession> sessionsOf(long userId) {
		return this.byUser.getOrDefault(userId, Set.of());
	}

	boolean isOnline(long userId) {
		return this.byUser.containsKey(userId);
	}

	List<Long> onlineUsers() {
		return List.copyOf(this.byUser.keySet());
	}

	int size() {
		return this.count.get();
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		int closed = 0;
		for (Set<ClientSession> sessions : this.byUser.values()) {
			for (ClientSession session : sessions) {
				session.close(CloseCode.GOING_AWAY);
				closed++;
			}
		}
		log.info("Closed {} WebSocket sessions for shutdown", closed);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// stop before the web server's graceful shutdown and the Kafka consumers
		return Integer.MAX_VALUE - 100;
	}

}
