package dev.parley.messaging;

/**
 * How far a member of a conversation has received and read it.
 *
 * @param userId the member
 * @param deliveredSeq the highest sequence number delivered to one of their devices
 * @param readSeq the highest sequence number they read
 */
public record ReceiptPosition(long userId, long deliveredSeq, long readSeq) {

}
