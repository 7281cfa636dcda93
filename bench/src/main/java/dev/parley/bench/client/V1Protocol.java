package dev.parley.bench.client;

import java.net.URI;

import dev.parley.bench.wire.Payload;

/**
 * Parley's WebSocket v1 ({@code docs/PROTOCOL.md}): token in the handshake's
 * {@code Authorization} header, {@code resume} with no positions after {@code ready},
 * {@code send} frames answered by {@code ack}, and {@code received}/{@code read} receipts
 * for the messages received, as chosen by {@code receipts}.
 *
 * @param receipts which receipts sessions send
 */
public record V1Protocol(ReceiptMode receipts) implements Protocol {

	@Override
	public URI webSocketUri(URI base, Account account) {
		return base.resolve("/ws");
	}

	@Override
	public String authorization(Account account) {
		return "Bearer " + account.token();
	}

	@Override
	public boolean acknowledges() {
		return true;
	}

	@Override
	public boolean resumes() {
		return true;
	}

	@Override
	public void appendDirect(StringBuilder out, Account from, long toUserId, Payload payload) {
		out.append("{\"type\":\"send\",\"id\":\"b").append(payload.number()).append("\",\"to\":").append(toUserId);
		appendBody(out, payload);
	}

	@Override
	public void appendGroup(StringBuilder out, Account from, long conversationId, Payload payload) {
		out.append("{\"type\":\"send\",\"id\":\"b")
			.append(payload.number())
			.append("\",\"conversationId\":")
			.append(conversationId);
		appendBody(out, payload);
	}

	private static void appendBody(StringBuilder out, Payload payload) {
		out.append(",\"body\":\"");
		payload.appendTo(out);
		out.append("\"}");
	}

}
