package dev.parley.gateway;

import java.util.List;
import java.util.Map;

import dev.parley.conversations.Conversation;
import dev.parley.conversations.Conversations;
import dev.parley.messaging.EventHistory;
import dev.parley.messaging.SequencedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Replays to a session every event it missed, from the database, then lets live events
 * through (G4). For each of the user's conversations the replay starts after the position
 * the client gave, or after the user's delivered position when it gave none. Runs on the
 * resume pool; live events meanwhile are held back by the session.
 */
@Component
class Resumer {

	private static final Logger log = LoggerFactory.getLogger(Resumer.class);

	private final Conversations conversations;

	private final EventHistory history;

	private final GatewayProperties properties;

	private final GatewayScheduler scheduler;

	private final DeliveredTracker delivered;

	private final JsonMapper json;

	private final Timer timer;

	Resumer(Conversations conversations, EventHistory history, GatewayProperties properties, GatewayScheduler scheduler,
			DeliveredTracker delivered, JsonMapper json, MeterRegistry meters) {
		this.conversations = conversations;
		this.history = history;
		this.properties = properties;
		this.scheduler = scheduler;
		this.delivered = delivered;
		this.json = json;
		this.timer = Timer.builder("parley.gateway.resume")
			.description("Time to replay missed events")
			.register(meters);
	}

	void resume(ClientSession session, Map<Long, Long> positions) {
		session.beginReplay();
		this.scheduler.resumeExecutor().execute(() -> this.timer.record(() -> replay(session, positions)));
	}

	private void replay(ClientSession session, Map<Long, Long> positions) {
		long userId = session.principal().userId();
		try {
			List<Long> ids = this.conversations.ofUser(userId).stream().map(Conversation::conversationId).toList();
			Map<Long, Long> last = this.history.lastSeqs(ids);
			Map<Long, Long> stored = this.history.deliveredPositions(userId);
			for (long conversationId : ids) {
				long from = positions.containsKey(conversationId) ? positions.get(conversationId) : Math
					.max(stored.getOrDefault(conversationId, 0L), this.delivered.pushedUpTo(userId, conversationId));
				long until = last.getOrDefault(conversationId, 0L);
				session.position(conversationId, Math.max(0, Math.min(from, until)));
				while (from < until && session.isOpen()) {
					List<SequencedEvent> page = this.history.after(conversationId, from, this.properties.resumePage());
					if (page.isEmpty()) {
						break;
					}
					for (SequencedEvent event : page) {
						if (!session.awaitRoom(this.properties.sendTimeLimit())) {
							return;
						}
						session.replay(event);
					}
					from = page.get(page.size() - 1).seq();
				}
			}
		}
		catch (RuntimeException ex) {
			log.error("Resume of user {} failed", userId, ex);
		}
		finally {
			session.endReplay();
			if (session.dialect().liveSignals()) {
				session.send(this.json.writeValueAsString(new ServerFrames.Synced()));
			}
		}
	}

}
