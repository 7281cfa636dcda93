package dev.parley.contacts;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.parley.accounts.UserView;
import dev.parley.accounts.Users;

import org.springframework.stereotype.Component;

/**
 * Shows users to one another: their chosen name, and their phone number only to a viewer
 * entitled to it. A viewer is entitled to a number when
 * <ul>
 * <li>it is the viewer's own, or in the viewer's contacts (they know it already);</li>
 * <li>the owner has the viewer's number in their contacts (they know each other);</li>
 * <li>both are members of a direct conversation or group that the owner created (the
 * owner wrote first, or brought the viewer in), or of a group whose creator has the
 * owner's number in their contacts (the owner was brought in by someone who knows
 * them).</li>
 * </ul>
 * Sharing a public room entitles to nothing, and neither does being added by id to a
 * stranger's group or being written to by a stranger: a number never reaches someone who
 * only knows its owner's user id. Thread-safe.
 */
@Component
public class Profiles {

	private static final int CHUNK = 1000;

	private final Users users;

	private final NumberVisibility visibility;

	Profiles(Users users, NumberVisibility visibility) {
		this.users = users;
		this.visibility = visibility;
	}

	/**
	 * The registered users among these ids as the viewer sees them, keyed by id (unknown
	 * ids are absent).
	 */
	public Map<Long, UserCard> cards(long viewerId, Collection<Long> userIds) {
		Map<Long, UserCard> cards = new LinkedHashMap<>();
		List<Long> ids = List.copyOf(new LinkedHashSet<>(userIds));
		if (ids.isEmpty()) {
			return cards;
		}
		Set<Long> revealed = this.visibility.revealedByConversations(viewerId);
		// a room may have more members than a statement may have parameters
		for (int from = 0; from < ids.size(); from += CHUNK) {
			List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
			Set<Long> known = this.visibility.knownAmong(viewerId, chunk);
			for (UserView user : this.users.findAll(chunk)) {
				long id = user.userId();
				boolean shown = id == viewerId || known.contains(id) || revealed.contains(id);
				cards.put(user.userId(), new UserCard(user.userId(), user.displayName(), shown ? user.phone() : null));
			}
		}
		return cards;
	}

}
