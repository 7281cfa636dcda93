package dev.parley.conversations;

/**
 * Published synchronously inside the transaction that changed a membership; the messaging
 * module gives it the conversation's next sequence number and publishes a {@code member}
 * event.
 *
 * @param conversationId the conversation
 * @param userId the member concerned
 * @param change {@code created}, {@code joined}, {@code left}, {@code added},
 * {@code removed} or {@code admin}
 * @param by the user who made the change
 */
public record MembershipChanged(long conversationId, long userId, String change, long by) {

}
