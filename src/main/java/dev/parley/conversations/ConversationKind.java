package dev.parley.conversations;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The three kinds of conversation. */
public enum ConversationKind {

	/** Two people; one per pair; created on the first message. */
	DIRECT,

	/** Created with a title and members; admins add and remove members. */
	GROUP,

	/** Public: listed, joinable and leavable by anyone signed in. */
	ROOM;

	/** The wire and database name. */
	@JsonValue
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static ConversationKind of(String wireName) {
		return valueOf(wireName.toUpperCase(Locale.ROOT));
	}

}
