package dev.parley.messaging;

import java.util.Locale;

/** The kinds of event on the events topic. */
public enum EventKind {

	/** A new message; takes a sequence number. */
	MESSAGE(true),

	/** A message was edited; takes a sequence number. */
	EDITED(true),

	/** A message was deleted; takes a sequence number. */
	DELETED(true),

	/** A membership change; takes a sequence number. */
	MEMBER(true),

	/** A member's delivered or read position moved; no sequence number. */
	RECEIPT(false),

	/** A command was refused by the sequencer; goes only to the sending device. */
	REJECTED(false);

	private final boolean sequenced;

	EventKind(boolean sequenced) {
		this.sequenced = sequenced;
	}

	/** Whether events of this kind take the conversation's next sequence number. */
	public boolean sequenced() {
		return this.sequenced;
	}

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static EventKind of(String wireName) {
		return valueOf(wireName.toUpperCase(Locale.ROOT));
	}

}
