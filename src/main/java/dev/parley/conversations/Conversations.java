package dev.parley.conversations;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.parley.accounts.RateLimits;
import dev.parley.accounts.UserView;
import dev.parley.accounts.Users;
import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import dev.parley.common.TextRules;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Conversations and their members. Membership answers come from a per-node cache that is
 * dropped for a conversation after every change on this node and, through
 * {@link #forget(long)}, when another node's change arrives on the event log. Every
 * change publishes {@link MembershipChanged} inside its transaction. Thread-safe.
 */
@Component
public class Conversations {

	private final ConversationStore store;

	private final Users users;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final ConversationsProperties properties;

	private final Clock clock;

	private final RateLimits limits;

	private final LoadingCache<Long, Set<Long>> memberIds;

	private final LoadingCache<String, Conversation> directs;

	private final LoadingCache<Long, Set<Long>> directPeers;

	private final LoadingCache<Long, ConversationKind> kinds;

	Conversations(ConversationStore store, Users users, ApplicationEventPublisher events,
			TransactionTemplate transactions, ConversationsProperties properties, Clock clock, RateLimits limits) {
		this.store = store;
		this.limits = limits;
		this.users = users;
		this.events = events;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
		this.memberIds = Caffeine.newBuilder()
			.maximumSize(properties.membershipCacheSize())
			.build((id) -> Set.copyOf(store.memberIds(id)));
		this.directs = Caffeine.newBuilder()
			.maximumSize(properties.membershipCacheSize())
			.build((key) -> store.findDirect(key).orElse(null));
		this.directPeers = Caffeine.newBuilder()
			.maximumSize(properties.membershipCacheSize())
			.expireAfterWrite(Duration.ofMinutes(1))
			.build((id) -> Set.copyOf(store.directPeers(id)));
		this.kinds = Caffeine.newBuilder()
			.maximumSize(properties.membershipCacheSize())
			.build((id) -> store.find(id).map(Conversation::kind).orElse(null));
	}

	/**
	 * The conversation's kind (cached: a kind never changes).
	 * @throws ParleyException {@code not_found} when it does not exist
	 */
	public ConversationKind kindOf(long conversationId) {
		ConversationKind kind = this.kinds.get(conversationId);
		if (kind == null) {
			throw notFound(conversationId);
		}
		return kind;
	}

	/**
	 * Users who share a direct conversation with this user (cached for up to a minute):
	 * they see the user's presence.
	 */
	public Set<Long> directPeers(long userId) {
		return this.directPeers.get(userId);
	}

	/**
	 * The conversation.
	 * @throws ParleyException {@code not_found} when it does not exist
	 */
	public Conversation get(long conversationId) {
		return this.store.find(conversationId).orElseThrow(() -> notFound(conversationId));
	}

	/**
	 * The conversation, if the user is a member of it.
	 * @throws ParleyException {@code not_found} when it does not exist or the user is not
	 * a member (rooms are visible to everyone)
	 */
	public Conversation getVisible(long conversationId, long userId) {
		Conversation conversation = get(conversationId);
		if (conversation.kind() != ConversationKind.ROOM && !isMember(conversationId, userId)) {
			throw notFound(conversationId);
		}
		return conversation;
	}

	/** The member ids of a conversation (cached). */
	public Set<Long> memberIds(long conversationId) {
		return this.memberIds.get(conversationId);
	}

	public boolean isMember(long conversationId, long userId) {
		return memberIds(conversationId).contains(userId);
	}

	/**
	 * Checks that the user may read and write the conversation (membership is cached).
	 * Someone who is not a member of a direct conversation or a group gets the answer
	 * they would get if it did not exist, so that no one learns which conversations
	 * exist; rooms are public, so a non-member of a room is told to join it.
	 * @throws ParleyException {@code not_found} when it does not exist or the user is not
	 * a member, {@code forbidden} when the user is not a member of a room
	 */
	public void requireMember(long conversationId, long userId) {
		if (!isMember(conversationId, userId)) {
			if (kindOf(conversationId) == ConversationKind.ROOM) {
				throw new ParleyException(ErrorCode.FORBIDDEN, "Join room " + conversationId + " first.");
			}
			throw notFound(conversationId);
		}
	}

	private static ParleyException notFound(long conversationId) {
		return new ParleyException(ErrorCode.NOT_FOUND, "No conversation " + conversationId + ".");
	}

	/** Forgets cached membership of a conversation (another node changed it). */
	public void forget(long conversationId) {
		this.memberIds.invalidate(conversationId);
	}

	public List<Member> members(long conversationId) {
		return this.store.members(conversationId);
	}

	/** The conversations the user is a member of, in no particular order. */
	public List<Conversation> ofUser(long userId) {
		return this.store.ofUser(userId);
	}

	/** Every public room. */
	public List<Conversation> rooms() {
		return this.store.rooms();
	}

	/** For a direct conversation, the member who is not {@code userId}. */
	public Optional<Long> peerOf(Conversation conversation, long userId) {
		if (conversation.kind() != ConversationKind.DIRECT) {
			return Optional.empty();
		}
		return memberIds(conversation.conversationId()).stream().filter((id) -> id != userId).findFirst();
	}

	/**
	 * The direct conversation of two users, created on first use (one per pair, also
	 * under concurrent creation). Each attempt to create one counts against the user's
	 * {@code new-directs-per-window}, whether the other user exists or not, so ids cannot
	 * be probed at leisure.
	 * @throws ParleyException {@code not_found} when the other user does not exist,
	 * {@code validation_failed} for a conversation with oneself, {@code rate_limited}
	 * when the user opened too many lately
	 */
	public Conversation direct(long userId, long otherUserId) {
		if (userId == otherUserId) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "A direct conversation needs another user.");
		}
		String key = Math.min(userId, otherUserId) + ":" + Math.max(userId, otherUserId);
		Conversation existing = this.directs.get(key);
		if (existing != null) {
			return existing;
		}
		this.limits.hit("direct:" + userId, 1, this.properties.newDirectsPerWindow(), this.properties.limitWindow(),
				"new direct conversations");
		if (this.users.find(otherUserId).isEmpty()) {
			throw new ParleyException(ErrorCode.NOT_FOUND, "No user " + otherUserId + ".");
		}
		this.directPeers.invalidate(userId);
		this.directPeers.invalidate(otherUserId);
		Conversation direct;
		try {
			direct = this.transactions.execute((status) -> {
				OffsetDateTime now = now();
				long id = this.store.insert(ConversationKind.DIRECT, null, key, userId, now);
				this.store.addMember(id, userId, false, now);
				this.store.addMember(id, otherUserId, false, now);
				return this.store.find(id).orElseThrow();
			});
		}
		catch (DuplicateKeyException ex) {
			direct = this.store.findDirect(key).orElseThrow(() -> ex);
		}
		this.directs.put(key, direct);
		return direct;
	}

	/**
	 * A new group; the creator is its admin.
	 * @throws ParleyException {@code validation_failed} for a title
	 * {@link TextRules#requireName} refuses, too many members or beyond the largest
	 * group, {@code rate_limited} when the user created too many groups and rooms lately,
	 * {@code not_found} for members who do not exist
	 */
	public Conversation createGroup(long creatorId, String title, Collection<Long> memberIds) {
		TextRules.requireName("title", title);
		countNewGroup(creatorId);
		return this.transactions.execute((status) -> newGroup(creatorId, title, memberIds));
	}

	private Conversation newGroup(long creatorId, String title, Collection<Long> memberIds) {
		Set<Long> others = new LinkedHashSet<>(memberIds);
		others.remove(creatorId);
		if (others.size() + 1 > this.properties.maxGroupSize()) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED,
					"A group has at most " + this.properties.maxGroupSize() + " members.");
		}
		List<UserView> found = this.users.findAll(others);
		if (found.size() != others.size()) {
			others.removeAll(found.stream().map(UserView::userId).toList());
			throw new ParleyException(ErrorCode.NOT_FOUND, "No users " + others + ".");
		}
		return create(ConversationKind.GROUP, title, creatorId, others);
	}

	/**
	 * A new public room; the creator is its admin.
	 * @throws ParleyException {@code validation_failed} for a title
	 * {@link TextRules#requireName} refuses, {@code rate_limited} when the user created
	 * too many groups and rooms lately
	 */
	public Conversation createRoom(long creatorId, String title) {
		TextRules.requireName("title", title);
		countNewGroup(creatorId);
		return this.transactions.execute((status) -> create(ConversationKind.ROOM, title, creatorId, Set.of()));
	}

	private void countNewGroup(long creatorId) {
		this.limits.hit("group:" + creatorId, 1, this.properties.newGroupsPerWindow(), this.properties.limitWindow(),
				"new groups and rooms");
	}

	private Conversation create(ConversationKind kind, String title, long creatorId, Collection<Long> others) {
		OffsetDateTime now = now();
		long id = this.store.insert(kind, title.strip(), null, creatorId, now);
		this.store.addMember(id, creatorId, true, now);
		this.store.addMembers(id, others, now);
		changed(new MembershipChanged(id, creatorId, "created", creatorId));
		return this.store.find(id).orElseThrow();
	}

	/** Adds a member to a group (admins only). */
	@Transactional
	public void addMember(long conversationId, long actorId, long userId) {
		Conversation conversation = requireAdmin(conversationId, actorId);
		if (conversation.kind() != ConversationKind.GROUP) {
			throw new ParleyException(ErrorCode.FORBIDDEN, "Members are added to groups only; rooms are joined.");
		}
		if (this.users.find(userId).isEmpty()) {
			throw new ParleyException(ErrorCode.NOT_FOUND, "No user " + userId + ".");
		}
		if (memberIds(conversationId).size() + 1 > this.properties.maxGroupSize()) {
			throw new ParleyException(ErrorCode.CONFLICT, "The group is full.");
		}
		if (this.store.addMember(conversationId, userId, false, now())) {
			changed(new MembershipChanged(conversationId, userId, "added", actorId));
		}
	}

	/** Removes a member (admins), or leaves (the member themself). */
	@Transactional
	public void removeMember(long conversationId, long actorId, long userId) {
		if (actorId == userId) {
			leave(conversationId, userId);
			return;
		}
		Conversation conversation = requireAdmin(conversationId, actorId);
		if (conversation.kind() == ConversationKind.DIRECT) {
			throw new ParleyException(ErrorCode.FORBIDDEN, "A direct conversation's members are fixed.");
		}
		if (!this.store.removeMember(conversationId, userId)) {
			throw new ParleyException(ErrorCode.NOT_FOUND, "User " + userId + " is not a member.");
		}
		changed(new MembershipChanged(conversationId, userId, "removed", actorId));
	}

	/** Makes a member an admin (admins only). */
	@Transactional
	public void makeAdmin(long conversationId, long actorId, long userId) {
		requireAdmin(conversationId, actorId);
		if (this.store.findMember(conversationId, userId).isEmpty()) {
			throw new ParleyException(ErrorCode.NOT_FOUND, "User " + userId + " is not a member.");
		}
		if (this.store.makeAdmin(conversationId, userId)) {
			changed(new MembershipChanged(conversationId, userId, "admin", actorId));
		}
	}

	/** Joins a public room. */
	@Transactional
	public Conversation join(long roomId, long userId) {
		Conversation room = this.store.find(roomId).orElse(null);
		if (room == null || room.kind() != ConversationKind.ROOM) {
			throw new ParleyException(ErrorCode.NOT_FOUND, "No room " + roomId + ".");
		}
		if (this.store.addMember(roomId, userId, false, now())) {
			changed(new MembershipChanged(roomId, userId, "joined", userId));
		}
		return room;
	}

	/**
	 * Leaves a group or room; the longest-standing member becomes admin if none is left.
	 */
	@Transactional
	public void leave(long conversationId, long userId) {
		Conversation conversation = getVisible(conversationId, userId);
		if (conversation.kind() == ConversationKind.DIRECT) {
			throw new ParleyException(ErrorCode.FORBIDDEN, "A direct conversation cannot be left.");
		}
		if (!this.store.removeMember(conversationId, userId)) {
			throw new ParleyException(ErrorCode.NOT_FOUND, "You are not a member.");
		}
		changed(new MembershipChanged(conversationId, userId, "left", userId));
		List<Member> rest = this.store.members(conversationId);
		if (!rest.isEmpty() && rest.stream().noneMatch(Member::admin)) {
			long heir = rest.get(0).userId();
			this.store.makeAdmin(conversationId, heir);
			changed(new MembershipChanged(conversationId, heir, "admin", userId));
		}
	}

	private Conversation requireAdmin(long conversationId, long actorId) {
		Conversation conversation = getVisible(conversationId, actorId);
		boolean admin = this.store.findMember(conversationId, actorId).map(Member::admin).orElse(false);
		if (!admin) {
			throw new ParleyException(ErrorCode.FORBIDDEN, "Only admins can do this.");
		}
		return conversation;
	}

	private void changed(MembershipChanged change) {
		this.events.publishEvent(change);
		long id = change.conversationId();
		this.memberIds.invalidate(id);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					Conversations.this.memberIds.invalidate(id);
				}
			});
		}
	}

	private OffsetDateTime now() {
		return OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
	}

}
