package dev.parley.compat;

import dev.parley.gateway.Dialect;
import dev.parley.messaging.EventKind;
import dev.parley.messaging.SequencedEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seed's WebSocket deliveries: {@code {"msg","senderId","topic":"SEND_MESSAGE"}} for
 * each message from someone else; nothing else. Seed clients send no receipts, so the
 * gateway records what it pushed to them as delivered.
 */
final class SeedDialect implements Dialect {

	record Delivery(String msg, long senderId, String topic) {
	}

	private final JsonMapper json;

	SeedDialect(JsonMapper json) {
		this.json = json;
	}

	@Override
	public String render(SequencedEvent event, long userId) {
		if (event.kind() != EventKind.MESSAGE || event.senderId() == userId || event.body() == null) {
			return null;
		}
		return this.json.writeValueAsString(new Delivery(event.body(), event.senderId(), "SEND_MESSAGE"));
	}

	@Override
	public boolean autoReceipts() {
		return true;
	}

	@Override
	public boolean liveSignals() {
		return false;
	}

}
