package dev.parley.messaging;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A command on the inbound topic (keyed by conversation id; header {@code v} = 1),
 * accepted by a gateway and waiting for the sequencer. The record's Kafka timestamp is
 * the server time of the resulting event, so that reprocessing after a crash yields the
 * same event.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = InboundCommand.Send.class, name = "send"),
		@JsonSubTypes.Type(value = InboundCommand.Edit.class, name = "edit"),
		@JsonSubTypes.Type(value = InboundCommand.Delete.class, name = "delete"),
		@JsonSubTypes.Type(value = InboundCommand.Receipt.class, name = "receipt") })
public sealed interface InboundCommand {

	/** The conversation the command is for; the record key. */
	long conversationId();

	/**
	 * Send a message.
	 *
	 * @param conversationId the conversation
	 * @param senderId the sender
	 * @param deviceId the sender's device
	 * @param clientId the client's message id (idempotency key with the sender)
	 * @param body the text
	 */
	record Send(long conversationId, long senderId, long deviceId, String clientId,
			String body) implements InboundCommand {
	}

	/**
	 * Edit one's own message.
	 *
	 * @param conversationId the conversation
	 * @param senderId the editor
	 * @param deviceId the editor's device
	 * @param clientId the client's command id
	 * @param targetSeq the message
	 * @param body the new text
	 */
	record Edit(long conversationId, long senderId, long deviceId, String clientId, long targetSeq,
			String body) implements InboundCommand {
	}

	/**
	 * Delete one's own message.
	 *
	 * @param conversationId the conversation
	 * @param senderId the author
	 * @param deviceId the author's device
	 * @param clientId the client's command id
	 * @param targetSeq the message
	 */
	record Delete(long conversationId, long senderId, long deviceId, String clientId,
			long targetSeq) implements InboundCommand {
	}

	/**
	 * Move a member's delivered or read position forward.
	 *
	 * @param conversationId the conversation
	 * @param userId the member
	 * @param deviceId the member's device
	 * @param kind {@code delivered} or {@code read} (read implies delivered)
	 * @param seq the position
	 */
	record Receipt(long conversationId, long userId, long deviceId, String kind, long seq) implements InboundCommand {
	}

}
