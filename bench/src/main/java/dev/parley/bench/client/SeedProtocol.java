package dev.parley.bench.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import dev.parley.bench.wire.Payload;

/**
 * The seed's WebSocket API: {@code /messaging?accessToken=TOKEN}, frames
 * {@code {"topic":"SEND_MESSAGE","message":{"accessToken","sendTo","msg"}}}, deliveries
 * {@code {"msg","senderId","topic":"SEND_MESSAGE"}}. There is no ack (the bench counts a
 * message acknowledged once written), no groups, and no receipts: the seed's server
 * confirms every delivery itself.
 */
public record SeedProtocol() implements Protocol {

	@Override
	public URI webSocketUri(URI base, Account account) {
		return base.resolve("/messaging?accessToken=" + URLEncoder.encode(account.token(), StandardCharsets.UTF_8));
	}

	@Override
	public String authorization(Account account) {
		return null;
	}

	@Override
	public boolean acknowledges() {
		return false;
	}

	@Override
	public boolean resumes() {
		return false;
	}

	@Override
	public ReceiptMode receipts() {
		return ReceiptMode.NONE;
	}

	@Override
	public void appendDirect(StringBuilder out, Account from, long toUserId, Payload payload) {
		out.append("{\"topic\":\"SEND_MESSAGE\",\"message\":{\"accessToken\":\"")
			.append(from.token())
			.append("\",\"sendTo\":")
			.append(toUserId)
			.append(",\"msg\":\"");
		payload.appendTo(out);
		out.append("\"}}");
	}

	@Override
	public void appendGroup(StringBuilder out, Account from, long conversationId, Payload payload) {
		throw new UnsupportedOperationException("the seed protocol has no groups");
	}

}
