package dev.parley.bench.wire;

/**
 * The fields of one incoming JSON frame that the bench and the relay look at, whatever
 * protocol it came in. String values are the raw JSON string contents (escapes are not
 * decoded: the bench's own bodies contain none, and the relay re-emits them verbatim).
 * Absent numbers are {@code -1}, absent strings {@code null}.
 *
 * @param type v1 {@code type}
 * @param topic seed {@code topic}
 * @param id client message id ({@code id})
 * @param token {@code token} (v1 auth) or {@code accessToken} (seed)
 * @param body {@code body} (v1) or {@code msg} (seed)
 * @param code error code
 * @param conversationId {@code conversationId}
 * @param seq {@code seq}
 * @param senderId {@code senderId}
 * @param userId {@code userId} (whose receipt a {@code receipt} frame carries)
 * @param to {@code to} (v1) or {@code sendTo} (seed; a number or a numeric string)
 * @param members {@code memberIds} or {@code members} (group creation on the relay), or {@code null}
 */
public record Frame(String type, String topic, String id, String token, String body, String code,
		long conversationId, long seq, long senderId, long userId, long to, long[] members) {

	/** The v1 type, or {@code "message"} for a seed delivery. */
	public String kind() {
		if (type != null) {
			return type;
		}
		return "SEND_MESSAGE".equals(topic) ? "message" : "unknown";
	}

}
