package dev.parley.gateway;

import java.util.List;
import java.util.Set;

import dev.parley.accounts.Principal;
import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import dev.parley.conversations.Conversations;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/presence?userIds=1,2}: who is online, and when others were last
 * seen. Only people one shares a direct conversation with are visible; others read as
 * offline with no last-seen time.
 */
@RestController
class PresenceController {

	private static final int MAX_USERS = 200;

	private final Signals signals;

	private final Conversations conversations;

	PresenceController(Signals signals, Conversations conversations) {
		this.signals = signals;
		this.conversations = conversations;
	}

	@GetMapping("/api/v1/presence")
	List<ServerFrames.Presence> presence(Principal principal, @RequestParam List<Long> userIds) {
		if (userIds.size() > MAX_USERS) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "At most " + MAX_USERS + " users at a time.");
		}
		Set<Long> visible = this.conversations.directPeers(principal.userId());
		return userIds.stream()
			.distinct()
			.map((id) -> (visible.contains(id) || id == principal.userId()) ? this.signals.presenceOf(id)
					: new ServerFrames.Presence(id, false, null))
			.toList();
	}

}
