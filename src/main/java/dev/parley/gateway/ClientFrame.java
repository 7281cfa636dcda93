package dev.parley.gateway;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Frames a v1 client sends, one JSON object each, told apart by {@code type}.
 * {@code docs/PROTOCOL.md} describes every field.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = ClientFrame.Auth.class, name = "auth"),
		@JsonSubTypes.Type(value = ClientFrame.Resume.class, name = "resume"),
		@JsonSubTypes.Type(value = ClientFrame.Send.class, name = "send"),
		@JsonSubTypes.Type(value = ClientFrame.Received.class, name = "received"),
		@JsonSubTypes.Type(value = ClientFrame.Read.class, name = "read"),
		@JsonSubTypes.Type(value = ClientFrame.Typing.class, name = "typing"),
		@JsonSubTypes.Type(value = ClientFrame.Edit.class, name = "edit"),
		@JsonSubTypes.Type(value = ClientFrame.Delete.class, name = "delete"),
		@JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping") })
public sealed interface ClientFrame {

	/**
	 * The id the client gave the frame (optional on every frame but {@code auth}), echoed
	 * in its answer; may be {@code null}.
	 */
	default String id() {
		return null;
	}

	/** {@code auth}: the first frame, when the handshake carried no token. */
	record Auth(String id, String token) implements ClientFrame {
	}

	/** {@code resume}: replay everything after these positions, then go live. */
	record Resume(String id, Map<Long, Long> positions) implements ClientFrame {
	}

	/** {@code send}: a message to a conversation or (with {@code to}) a user. */
	record Send(String id, Long conversationId, Long to, String body) implements ClientFrame {
	}

	/** {@code received}: delivery receipt up to {@code seq}. */
	record Received(String id, Long conversationId, Long seq) implements ClientFrame {
	}

	/** {@code read}: read receipt up to {@code seq}. */
	record Read(String id, Long conversationId, Long seq) implements ClientFrame {
	}

	/** {@code typing}: the user is typing in the conversation. */
	record Typing(String id, Long conversationId) implements ClientFrame {
	}

	/** {@code edit}: a new body for one's own message {@code seq}. */
	record Edit(String id, Long conversationId, Long seq, String body) implements ClientFrame {
	}

	/** {@code delete}: delete one's own message {@code seq}. */
	record Delete(String id, Long conversationId, Long seq) implements ClientFrame {
	}

	/** {@code ping}: answered by {@code pong}. */
	record Ping(String id) implements ClientFrame {
	}

}
