package dev.parley.compat;

/**
 * The seed's client frame and REST body: {@code {"topic":"SEND_MESSAGE","message":{…}}}
 * and {@code {"accessToken","sendTo","msg"}}. {@code sendTo} is a user id, as a number or
 * a string.
 *
 * @param topic {@code SEND_MESSAGE}
 * @param message the message
 */
record SeedMessageFrame(String topic, Message message) {

	/**
	 * A seed message.
	 *
	 * @param accessToken the sender's token
	 * @param sendTo the recipient's user id
	 * @param msg the text
	 */
	record Message(String accessToken, String sendTo, String msg) {
	}

}
