package dev.parley.conversations;

import java.util.List;
import java.util.Map;

import dev.parley.accounts.Principal;
import dev.parley.contacts.Profiles;
import dev.parley.contacts.UserCard;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** REST for direct conversations, groups, rooms and membership. */
@RestController
@RequestMapping("/api/v1")
class ConversationsController {

	record DirectRequest(@NotNull @Positive Long userId) {
	}

	record GroupRequest(@NotBlank @Size(max = 100) String title, @NotNull @Size(max = 100_000) List<Long> memberIds) {
	}

	record RoomRequest(@NotBlank @Size(max = 100) String title) {
	}

	record MemberRequest(@NotNull @Positive Long userId) {
	}

	record RoomSummary(long conversationId, String title, int members, boolean member) {
	}

	private final Conversations conversations;

	private final Profiles profiles;

	ConversationsController(Conversations conversations, Profiles profiles) {
		this.conversations = conversations;
		this.profiles = profiles;
	}

	@GetMapping("/conversations/{id}")
	ConversationDetail get(Principal principal, @PathVariable long id) {
		return detail(this.conversations.getVisible(id, principal.userId()), principal.userId());
	}

	@PostMapping("/conversations/direct")
	ConversationDetail direct(Principal principal, @Valid @RequestBody DirectRequest request) {
		return detail(this.conversations.direct(principal.userId(), request.userId()), principal.userId());
	}

	@PostMapping("/groups")
	@ResponseStatus(HttpStatus.CREATED)
	ConversationDetail createGroup(Principal principal, @Valid @RequestBody GroupRequest request) {
		return detail(this.conversations.createGroup(principal.userId(), request.title(), request.memberIds()),
				principal.userId());
	}

	@PostMapping("/conversations/{id}/members")
	ConversationDetail addMember(Principal principal, @PathVariable long id,
			@Valid @RequestBody MemberRequest request) {
		this.conversations.addMember(id, principal.userId(), request.userId());
		return detail(this.conversations.get(id), principal.userId());
	}

	@DeleteMapping("/conversations/{id}/members/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void removeMember(Principal principal, @PathVariable long id, @PathVariable long userId) {
		this.conversations.removeMember(id, principal.userId(), userId);
	}

	@PutMapping("/conversations/{id}/admins/{userId}")
	ConversationDetail makeAdmin(Principal principal, @PathVariable long id, @PathVariable long userId) {
		this.conversations.makeAdmin(id, principal.userId(), userId);
		return detail(this.conversations.get(id), principal.userId());
	}

	@GetMapping("/rooms")
	List<RoomSummary> rooms(Principal principal) {
		return this.conversations.rooms().stream().map((room) -> {
			var members = this.conversations.memberIds(room.conversationId());
			return new RoomSummary(room.conversationId(), room.title(), members.size(),
					members.contains(principal.userId()));
		}).toList();
	}

	@PostMapping("/rooms")
	@ResponseStatus(HttpStatus.CREATED)
	ConversationDetail createRoom(Principal principal, @Valid @RequestBody RoomRequest request) {
		return detail(this.conversations.createRoom(principal.userId(), request.title()), principal.userId());
	}

	@PostMapping("/rooms/{id}/join")
	ConversationDetail join(Principal principal, @PathVariable long id) {
		return detail(this.conversations.join(id, principal.userId()), principal.userId());
	}

	@PostMapping("/rooms/{id}/leave")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void leave(Principal principal, @PathVariable long id) {
		this.conversations.leave(id, principal.userId());
	}

	private ConversationDetail detail(Conversation conversation, long viewerId) {
		List<Member> members = this.conversations.members(conversation.conversationId());
		Map<Long, UserCard> cards = this.profiles.cards(viewerId, members.stream().map(Member::userId).toList());
		Long peer = this.conversations.peerOf(conversation, viewerId).orElse(null);
		String title = (peer != null) ? label(cards.get(peer)) : conversation.title();
		List<ConversationDetail.MemberDetail> details = members.stream().map((m) -> {
			UserCard card = cards.get(m.userId());
			return new ConversationDetail.MemberDetail(m.userId(), (card != null) ? card.displayName() : null,
					(card != null) ? card.phone() : null, m.admin());
		}).toList();
		return new ConversationDetail(conversation.conversationId(), conversation.kind(), title, peer,
				conversation.createdAt(), details);
	}

	private static String label(UserCard card) {
		return (card != null) ? card.label() : null;
	}

}
