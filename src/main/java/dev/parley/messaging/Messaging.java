package dev.parley.messaging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

import dev.parley.accounts.Principal;
import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import dev.parley.common.TextRules;
import dev.parley.contacts.Contacts;
import dev.parley.conversations.Conversation;
import dev.parley.conversations.ConversationKind;
import dev.parley.conversations.Conversations;
import dev.parley.infra.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Accepts commands from clients (WebSocket, REST, the seed API): validates them, puts
 * them on the inbound topic keyed by conversation, and returns a future completed by the
 * command's sequenced event (for sends, edits and deletes) — so an {@code ack} means the
 * command is in Kafka and in the database with its sequence number (G1, G3). A resend
 * with the same client id yields the same event (G2). Thread-safe.
 */
@Component
public class Messaging {

	private static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x7E]{1,64}");

	private final Conversations conversations;

	private final KafkaTemplate<String, byte[]> kafka;

	private final EventCodec codec;

	private final Topics topics;

	private final PendingReplies replies;

	private final MessagingProperties properties;

	private final Counter accepted;

	private final SendLimiter limiter;

	private final Contacts contacts;

	Messaging(Conversations conversations, KafkaTemplate<String, byte[]> kafka, EventCodec codec, Topics topics,
			PendingReplies replies, MessagingProperties properties, SendLimiter limiter, Contacts contacts,
			MeterRegistry meters) {
		this.limiter = limiter;
		this.contacts = contacts;
		this.conversations = conversations;
		this.kafka = kafka;
		this.codec = codec;
		this.topics = topics;
		this.replies = replies;
		this.properties = properties;
		this.accepted = Counter.builder("parley.messages.accepted").description("Sends accepted").register(meters);
	}

	/**
	 * Sends a message to a conversation, or to a user (their direct conversation, created
	 * on first use).
	 * @param conversationId the conversation, or {@code null} when {@code toUserId} is
	 * given
	 * @param toUserId the recipient of a direct message, or {@code null}
	 * @throws ParleyException {@code validation_failed}, {@code payload_too_large},
	 * {@code not_found}, {@code forbidden}, or {@code blocked} when the recipient of a
	 * direct message blocked the sender
	 */
	public CompletableFuture<SequencedEvent> send(Principal sender, String clientId, Long conversationId, Long toUserId,
			String body) {
		requireClientId(clientId);
		requireBody(body);
		long conversation = resolve(sender, conversationId, toUserId);
		this.limiter.acquire(sender);
		this.accepted.increment();
		return submit(new InboundCommand.Send(conversation, sender.userId(), sender.deviceId(), clientId, body),
				sender.userId(), clientId);
	}

	/** Edits one's own message. */
	public CompletableFuture<SequencedEvent> edit(Principal sender, String clientId, long conversationId, long seq,
			String body) {
		requireClientId(clientId);
		requireBody(body);
		this.conversations.requireMember(conversationId, sender.userId());
		this.limiter.acquire(sender);
		return submit(new InboundCommand.Edit(conversationId, sender.userId(), sender.deviceId(), clientId, seq, body),
				sender.userId(), clientId);
	}

	/** Deletes one's own message. */
	public CompletableFuture<SequencedEvent> delete(Principal sender, String clientId, long conversationId, long seq) {
		requireClientId(clientId);
		this.conversations.requireMember(conversationId, sender.userId());
		this.limiter.acquire(sender);
		return submit(new InboundCommand.Delete(conversationId, sender.userId(), sender.deviceId(), clientId, seq),
				sender.userId(), clientId);
	}

	/**
	 * Moves the user's delivered or read position forward (never back); fire and forget.
	 * @param kind {@code delivered} or {@code read}
	 */
	public void receipt(Principal user, long conversationId, String kind, long seq) {
		if (!"delivered".equals(kind) && !"read".equals(kind)) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "A receipt is 'delivered' or 'read'.");
		}
		if (seq < 1) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "A receipt's seq is positive.");
		}
		this.conversations.requireMember(conversationId, user.userId());
		this.kafka.send(this.codec.command(this.topics.inbound(),
				new InboundCommand.Receipt(conversationId, user.userId(), user.deviceId(), kind, seq)));
	}

	/**
	 * A command's reply as a caller that answers later sends it (REST, the seed API): the
	 * request thread is not held while the command is sequenced. It completes with the
	 * event, or fails with the command's refusal ({@link ParleyException}), or with
	 * {@code unavailable} when the command was not confirmed (Kafka refused it, or the
	 * reply timeout ran out).
	 */
	public CompletableFuture<SequencedEvent> confirmed(CompletableFuture<SequencedEvent> reply) {
		return reply.handle((event, failure) -> {
			if (failure == null) {
				return event;
			}
			throw failureOf(failure);
		});
	}

	/**
	 * What a command's failed reply means to its sender: the refusal
	 * ({@link RejectedException} when the sequencer refused it), or {@code unavailable}
	 * when it was not confirmed.
	 */
	public static ParleyException failureOf(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
		return (cause instanceof ParleyException parley) ? parley : notConfirmed();
	}

	private static ParleyException notConfirmed() {
		return new ParleyException(ErrorCode.UNAVAILABLE,
				"The message was not confirmed in time; resend it with the same id.");
	}

	private CompletableFuture<SequencedEvent> submit(InboundCommand command, long senderId, String clientId) {
		return this.replies
			.await(new PendingReplies.Key(senderId, command.conversationId(), clientId), command,
					this.properties.replyTimeout(),
					() -> this.kafka.send(this.codec.command(this.topics.inbound(), command)))
			.thenApply((event) -> {
				if (event.kind() == EventKind.REJECTED) {
					throw new RejectedException(event);
				}
				return event;
			});
	}

	private long resolve(Principal sender, Long conversationId, Long toUserId) {
		if ((conversationId == null) == (toUserId == null)) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "Give either conversationId or to.");
		}
		if (toUserId != null) {
			requireNotBlocked(sender, toUserId);
			Conversation direct = this.conversations.direct(sender.userId(), toUserId);
			return direct.conversationId();
		}
		this.conversations.requireMember(conversationId, sender.userId());
		if (this.conversations.kindOf(conversationId) == ConversationKind.DIRECT) {
			for (long member : this.conversations.memberIds(conversationId)) {
				if (member != sender.userId()) {
					requireNotBlocked(sender, member);
				}
			}
		}
		return conversationId;
	}

	private void requireNotBlocked(Principal sender, long recipientId) {
		if (this.contacts.hasBlocked(recipientId, sender.userId())) {
			throw new ParleyException(ErrorCode.BLOCKED, "The recipient does not accept your messages.");
		}
	}

	private static void requireClientId(String clientId) {
		if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED,
					"A message id is 1 to 64 printable ASCII characters without spaces.");
		}
	}

	private void requireBody(String body) {
		if (body == null || body.isBlank()) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "A message needs a body.");
		}
		TextRules.requireStorable("body", body);
		if (body.length() > this.properties.maxBodyLength()) {
			throw new ParleyException(ErrorCode.PAYLOAD_TOO_LARGE,
					"A message body has at most " + this.properties.maxBodyLength() + " characters.");
		}
	}

	/** The sequencer refused a command; carries the error frame it published. */
	public static final class RejectedException extends ParleyException {

		private static final long serialVersionUID = 1L;

		private final transient SequencedEvent event;

		RejectedException(SequencedEvent event) {
			super(ErrorCode.fromCode(event.body()).orElse(ErrorCode.FORBIDDEN), "The command was refused.");
			this.event = event;
		}

		/** The rejection, whose frame is the {@code error} frame to send. */
		public SequencedEvent event() {
			return this.event;
		}

	}

}
