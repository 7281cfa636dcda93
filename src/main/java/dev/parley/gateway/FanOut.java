package dev.parley.gateway;

import java.util.Set;

import dev.parley.conversations.Conversations;
import dev.parley.messaging.EventKind;
import dev.parley.messaging.SequencedEvent;
import dev.parley.messaging.SequencedEventListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Pushes every event that reaches this node to its sessions of the conversation's members
 * (and, for a member who left or was removed, to that member too). Rejections are
 * answered by the waiting command itself, not here. Runs on the event-tail and
 * local-delivery threads; stateless.
 */
@Component
class FanOut implements SequencedEventListener {

	private final Conversations conversations;

	private final SessionRegistry sessions;

	private final Counter pushed;

	FanOut(Conversations conversations, SessionRegistry sessions, MeterRegistry meters) {
		this.conversations = conversations;
		this.sessions = sessions;
		this.pushed = Counter.builder("parley.gateway.events.pushed")
			.description("Events pushed to local sessions")
			.register(meters);
	}

	@Override
	public void onEvent(SequencedEvent event) {
		if (event.kind() == EventKind.REJECTED) {
			return;
		}
		Set<Long> members = this.conversations.memberIds(event.conversationId());
		for (long userId : members) {
			push(userId, event);
		}
		if (event.kind() == EventKind.MEMBER && !members.contains(event.subjectId())) {
			push(event.subjectId(), event);
		}
	}

	private void push(long userId, SequencedEvent event) {
		for (ClientSession session : this.sessions.sessionsOf(userId)) {
			session.deliver(event);
			this.pushed.increment();
		}
	}

}
