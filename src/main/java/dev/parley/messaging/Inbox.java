package dev.parley.messaging;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.parley.accounts.UserView;
import dev.parley.accounts.Users;
import dev.parley.conversations.Conversation;
import dev.parley.conversations.Conversations;

import org.springframework.stereotype.Component;

/** Builds a user's conversation list, most recent activity first. */
@Component
class Inbox {

	private final Conversations conversations;

	private final Users users;

	private final InboxQueries queries;

	Inbox(Conversations conversations, Users users, InboxQueries queries) {
		this.conversations = conversations;
		this.users = users;
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
		Map<Long, UserView> names = this.users.findAll(peers.values())
			.stream()
			.collect(Collectors.toMap(UserView::userId, Function.identity()));
		return mine.stream().map((c) -> {
			long id = c.conversationId();
			InboxQueries.Activity act = activity.get(id);
			InboxQueries.Positions pos = positions.getOrDefault(id, new InboxQueries.Positions(0, 0));
			EventRow message = last.get(id);
			Long peer = peers.get(id);
			String title = (peer != null && names.containsKey(peer)) ? names.get(peer).displayName() : c.title();
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
