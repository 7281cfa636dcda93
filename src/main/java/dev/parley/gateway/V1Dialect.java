package dev.parley.gateway;

import dev.parley.messaging.SequencedEvent;

/** Parley's own protocol: every event's frame as it is. */
final class V1Dialect implements Dialect {

	static final V1Dialect INSTANCE = new V1Dialect();

	private V1Dialect() {
	}

	@Override
	public String render(SequencedEvent event, long userId) {
		return event.frame();
	}

	@Override
	public boolean autoReceipts() {
		return false;
	}

	@Override
	public boolean liveSignals() {
		return true;
	}

}
