package dev.parley.messaging;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.parley.contacts.Profiles;
import dev.parley.contacts.UserCard;
import dev.parley.conversations.Conversation;
import dev.parley.conversations.Conversations;

import org.springframework.stereotype.Component;

/** Builds a user's conversation list, most recent activity first. */
@Component
class Inbox {

	private final Conversations conversations;

	private final Profiles profiles;

	private final InboxQueries queries;

	Inbox(Conversations conversations, Profiles profiles, InboxQueries queries) {
		this.conversations = conversations;
		this.profiles = profiles;
		this.queries = queries;
	}

	List<ConversationSummary> of(long userId) {
		List<Conversation> mine = this.conversations.ofUser(userId);
		List<Long> ids = mine.stream().map(Conversation::conversationId).toList();
		Map<Long, InboxQueries.Activity> activity = this.queries.activity(ids);
		Map<Long, InboxQueries.Positions> positions = this.queries.positions(userId, ids);
		Map<Long, EventRow> last = this.queries.lastMessages(ids);
		Map<Long, Long> unread = this.queries.unread(userId, ids);
		Map<Long, Long> peers = mine.stream()
			.filter((c) -> this.conversations.peerOf(c, userId).isPresent())
			.collect(Collectors.toMap(Conversation::conversationId,
					(c) -> this.conversations.peerOf(c, userId).orElseThrow()));
		Map<Long, UserCard> names = this.profiles.cards(userId, peers.values());
		return mine.stream().map((c) -> {
			long id = c.conversationId();
			InboxQueries.Activity act = activity.get(id);
			InboxQueries.Positions pos = positions.getOrDefault(id, new InboxQueries.Positions(0, 0));
			EventRow message = last.get(id);
			Long peer = peers.get(id);
			// a direct conversation is called after the peer, by name or by the number
			// the
			// user may see; else it has no title and clients show a neutral fallback
			String title = (peer == null) ? c.title() : names.containsKey(peer) ? names.get(peer).label() : null;
			Instant updated = (act != null) ? act.lastEventAt().toInstant() : c.createdAt().toInstant();
			ConversationSummary.LastMessage lastMessage = (message != null)
					? new ConversationSummary.LastMessage(message.seq(), message.senderId(), message.body(),
							message.createdAt().toInstant(), message.deleted())
					: null;
			return new ConversationSummary(id, c.kind().wireName(), title, peer, (act != null) ? act.lastSeq() : 0,
					lastMessage, unread.getOrDefault(id, 0L), pos.readSeq(), pos.deliveredSeq(), updated);
		}).sorted(Comparator.comparing(ConversationSummary::updatedAt).reversed()).toList();
	}

}
