package dev.parley.messaging;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import dev.parley.accounts.Principal;
import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import dev.parley.conversations.Conversations;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** REST: my conversation list, history with keyset pagination, and sending over REST. */
@RestController
@RequestMapping("/api/v1/conversations")
class MessagesController {

	static final int MAX_PAGE = 200;

	record SendRequest(@NotNull String id, @NotNull String body) {
	}

	record Acknowledged(String type, String id, long conversationId, long seq, Instant time) {
	}

	private final Messaging messaging;

	private final EventHistory history;

	private final Inbox inbox;

	private final Conversations conversations;

	private final InboxQueries queries;

	MessagesController(Messaging messaging, EventHistory history, Inbox inbox, Conversations conversations,
			InboxQueries queries) {
		this.queries = queries;
		this.messaging = messaging;
		this.history = history;
		this.inbox = inbox;
		this.conversations = conversations;
	}

	@GetMapping
	List<ConversationSummary> list(Principal principal) {
		return this.inbox.of(principal.userId());
	}

	/** Every member's delivered and read positions, for ticks after a reload. */
	@GetMapping("/{id}/receipts")
	List<ReceiptPosition> receipts(Principal principal, @PathVariable long id) {
		this.conversations.requireMember(id, principal.userId());
		return this.queries.receipts(id);
	}

	@GetMapping(path = "/{id}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
	String history(Principal principal, @PathVariable long id, @RequestParam(required = false) Long before,
			@RequestParam(required = false) Long after, @RequestParam(defaultValue = "50") int limit) {
		this.conversations.getVisible(id, principal.userId());
		if (limit < 1 || limit > MAX_PAGE) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "limit is 1 to " + MAX_PAGE + ".");
		}
		if (before != null && after != null) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "Give before or after, not both.");
		}
		List<SequencedEvent> page;
		boolean hasMore;
		if (after != null) {
			page = this.history.after(id, after, limit + 1);
			hasMore = page.size() > limit;
			page = hasMore ? page.subList(0, limit) : page;
		}
		else {
			page = this.history.before(id, (before != null) ? before : Long.MAX_VALUE, limit + 1);
			hasMore = page.size() > limit;
			page = hasMore ? page.subList(1, page.size()) : page;
		}
		return page.stream()
			.map(SequencedEvent::frame)
			.collect(Collectors.joining(",", "{\"events\":[", "],\"hasMore\":" + hasMore + "}"));
	}

	/**
	 * Answers once the message is stored with its sequence number; the request thread is
	 * not held meanwhile.
	 */
	@PostMapping("/{id}/messages")
	@ResponseStatus(HttpStatus.CREATED)
	CompletableFuture<Acknowledged> send(Principal principal, @PathVariable long id,
			@Valid @RequestBody SendRequest request) {
		return this.messaging.confirmed(this.messaging.send(principal, request.id(), id, null, request.body()))
			.thenApply((event) -> new Acknowledged("ack", request.id(), event.conversationId(), event.seq(),
					Instant.ofEpochMilli(event.timeMillis())));
	}

}
