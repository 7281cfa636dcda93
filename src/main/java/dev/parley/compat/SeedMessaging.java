package dev.parley.compat;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.parley.accounts.Principal;
import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import dev.parley.messaging.Messaging;
import dev.parley.messaging.SequencedEvent;

import org.springframework.stereotype.Component;

/**
 * Turns a seed message into a Parley send to the recipient's direct conversation. The
 * seed has no message ids, so each seed send gets a fresh one.
 */
@Component
class SeedMessaging {

	private final Messaging messaging;

	SeedMessaging(Messaging messaging) {
		this.messaging = messaging;
	}

	CompletableFuture<SequencedEvent> send(Principal sender, SeedMessageFrame.Message message) {
		if (message == null) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "message is required.");
		}
		return this.messaging.send(sender, "seed-" + UUID.randomUUID(), null, recipient(message.sendTo()),
				message.msg());
	}

	/** {@link #send}, failing with {@code unavailable} when it was not confirmed. */
	CompletableFuture<SequencedEvent> sendConfirmed(Principal sender, SeedMessageFrame.Message message) {
		return this.messaging.confirmed(send(sender, message));
	}

	private static long recipient(String sendTo) {
		try {
			return Long.parseLong((sendTo != null) ? sendTo.strip() : "");
		}
		catch (NumberFormatException ex) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "sendTo is the recipient's numeric user id.");
		}
	}

}
