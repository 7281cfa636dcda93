package dev.parley.compat;

import java.util.concurrent.CompletableFuture;

import dev.parley.accounts.AccessTokens;
import dev.parley.accounts.Principal;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

/**
 * The seed's {@code POST /api/message/send-message}: answers 200 once the message is
 * stored with its sequence number, without holding the request thread meanwhile.
 */
@RestController
class SeedMessageController {

	record SendMessageRequest(@NotBlank String accessToken, @NotBlank String sendTo, @NotBlank String msg) {
	}

	record SendMessageResponse(String status, long conversationId, long seq) {
	}

	private final AccessTokens tokens;

	private final SeedMessaging messaging;

	SeedMessageController(AccessTokens tokens, SeedMessaging messaging) {
		this.tokens = tokens;
		this.messaging = messaging;
	}

	@PostMapping("/api/message/send-message")
	CompletableFuture<SendMessageResponse> send(@Valid @RequestBody SendMessageRequest request) {
		Principal sender = this.tokens.authenticate(request.accessToken());
		return this.messaging
			.sendConfirmed(sender, new SeedMessageFrame.Message(request.accessToken(), request.sendTo(), request.msg()))
			.thenApply((event) -> new SendMessageResponse("sent", event.conversationId(), event.seq()));
	}

}
