package dev.parley.gateway;

import java.util.List;
import java.util.Map;

import dev.parley.common.ParleyException;
import dev.parley.conversations.Conversation;
import dev.parley.conversations.Conversations;
import dev.parley.messaging.EventHistory;
import dev.parley.messaging.SequencedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Replays to a session every event it missed, from the database, then lets live events
 * through (G4). For each of the user's conversations the replay starts after the position
 * the client gave, or after the user's delivered position when it gave none. A session
 * replays once: every {@code resume} is answered by one {@code synced}, but a later one
 * replays nothing (its {@code synced} follows the replay's, or comes at once when the
 * replay is over), so no event reaches a session twice.
 *
 * <p>
 * Replays wait in a {@link ReplayQueue}, bounded and fair across users, for one of the
 * gateway's {@code parley-resume-N} threads; each thread takes one replay after another.
 * A replay that cannot be queued, or that fails (the database unreachable), closes the
 * session with 1013 and never sends {@code synced}: the client reconnects later and
 * resumes from what it has. Live events meanwhile are held back by the session.
 */
@Component
class Resumer {

	private static final Logger log = LoggerFactory.getLogger(Resumer.class);

	private final Conversations conversations;

	private final EventHistory history;

	private final GatewayProperties properties;

	private final DeliveredTracker delivered;

	private final JsonMapper json;

	private final ReplayQueue queue;

	private final Timer timer;

	private final Counter refused;

	private final Counter failed;

	Resumer(Conversations conversations, EventHistory history, GatewayProperties properties, GatewayScheduler scheduler,
			DeliveredTracker delivered, JsonMapper json, MeterRegistry meters) {
		this.conversations = conversations;
		this.history = history;
		this.properties = properties;
		this.delivered = delivered;
		this.json = json;
		this.queue = new ReplayQueue(properties.resumeQueue(), properties.resumeQueuePerUser());
		this.timer = Timer.builder("parley.gateway.resume")
			.description("Time to replay missed events")
			.register(meters);
		this.refused = Counter.builder("parley.gateway.resume.refused")
			.description("Resumes refused because too many replays were waiting (closed with 1013)")
			.register(meters);
		this.failed = Counter.builder("parley.gateway.resume.failed")
			.description("Replays that failed, mostly the database unreachable (closed with 1013)")
			.register(meters);
		Gauge.builder("parley.gateway.resume.queued", this.queue, ReplayQueue::size)
			.description("Replays waiting for a resume thread")
			.register(meters);
		for (int i = 0; i < GatewayScheduler.RESUME_THREADS; i++) {
			scheduler.resumeExecutor().execute(this::work);
		}
	}

	/** A {@code resume} frame (or a seed connection, which resumes at once). */
	void resume(ClientSession session, Map<Long, Long> positions) {
		ClientSession.Replay before = session.requestReplay();
		if (before == ClientSession.Replay.DONE) {
			synced(session);
			return;
		}
		if (before != ClientSession.Replay.NONE) {
			// queued or running: answered when the replay ends; failed: closing
			return;
		}
		if (!this.queue.offer(session.principal().userId(),
				() -> this.timer.record(() -> replay(session, positions)))) {
			this.refused.increment();
			session.abandonReplay();
			session.close(CloseCode.TRY_AGAIN_LATER);
		}
	}

	private void work() {
		try {
			while (!Thread.currentThread().isInterrupted()) {
				ReplayQueue.Turn turn = this.queue.take();
				try {
					turn.replay().run();
				}
				finally {
					this.queue.done(turn.userId());
				}
			}
		}
		catch (InterruptedException ex) {
			// the node is stopping
		}
	}

	private void replay(ClientSession session, Map<Long, Long> positions) {
		if (!session.isOpen()) {
			return;
		}
		long userId = session.principal().userId();
		session.beginReplay();
		try {
			List<Long> ids = this.conversations.ofUser(userId).stream().map(Conversation::conversationId).toList();
			Map<Long, Long> last = this.history.lastSeqs(ids);
			Map<Long, Long> stored = this.history.deliveredPositions(userId);
			for (long conversationId : ids) {
				long from = positions.containsKey(conversationId) ? positions.get(conversationId) : Math
					.max(stored.getOrDefault(conversationId, 0L), this.delivered.pushedUpTo(userId, conversationId));
				long until = last.getOrDefault(conversationId, 0L);
				session.position(conversationId, Math.max(0, Math.min(from, until)));
				while (from < until) {
					if (!session.isOpen()) {
						session.abandonReplay();
						return;
					}
					List<SequencedEvent> page = this.history.after(conversationId, from, this.properties.resumePage());
					if (page.isEmpty()) {
						break;
					}
					for (SequencedEvent event : page) {
						if (!session.awaitRoom(this.properties.sendTimeLimit())) {
							// gone, or not reading: it resumes when it comes back
							session.abandonReplay();
							session.close(CloseCode.TOO_SLOW);
							return;
						}
						session.replay(event);
					}
					from = page.get(page.size() - 1).seq();
				}
			}
			session.endReplay();
		}
		catch (RuntimeException ex) {
			this.failed.increment();
			if (ParleyException.ifDatabaseBusy(ex).isPresent()) {
				log.warn("Replay of session {} (user {}) found the database unavailable, closing it with 1013: {}",
						session.id(), userId, ex.getClass().getSimpleName());
			}
			else {
				log.error("Replay of session {} (user {}) failed, closing it with 1013", session.id(), userId, ex);
			}
			session.abandonReplay();
			session.close(CloseCode.TRY_AGAIN_LATER);
			return;
		}
		for (int i = session.takeUnansweredResumes(); i >= 0; i--) {
			synced(session);
		}
	}

	private void synced(ClientSession session) {
		if (session.dialect().liveSignals()) {
			session.send(this.json.writeValueAsString(new ServerFrames.Synced()));
		}
	}

}
