package dev.parley.bench.relay;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;

import dev.parley.bench.relay.RelayState.Conversation;
import dev.parley.bench.wire.Frame;
import dev.parley.bench.wire.FrameParser;

/**
 * The relay's only REST call, {@code POST /api/v1/groups {"title","memberIds"}} with
 * {@code Authorization: Bearer user-<id>}, answering {@code {"conversationId":…}}, the
 * same on every server stack. Thread-safe.
 */
final class RelayGroups {

	static final String PATH = "/api/v1/groups";

	private final RelayState state;

	RelayGroups(RelayState state) {
		this.state = state;
	}

	/** An HTTP answer: its status and JSON body. */
	record Answer(int status, String json) {
	}

	/** Creates the group that {@code body} describes, with its creator as a member. */
	Answer create(String authorization, ByteBuf body) {
		long creator = -1;
		if (authorization != null && authorization.startsWith("Bearer user-")) {
			try {
				creator = Long.parseLong(authorization.substring("Bearer user-".length()));
			}
			catch (NumberFormatException ex) {
				creator = -1;
			}
		}
		Frame group = (body != null && body.isReadable()) ? new FrameParser().parse(body) : null;
		if (creator < 0 || group == null || group.members() == null) {
			return new Answer(400, "{\"code\":\"validation_failed\"}");
		}
		long[] members = Arrays.copyOf(group.members(), group.members().length + 1);
		members[members.length - 1] = creator;
		Conversation created = this.state.createGroup(members);
		return new Answer(200, "{\"conversationId\":" + created.id() + "}");
	}

	static Answer notFound() {
		return new Answer(404, "{\"code\":\"not_found\"}");
	}

}
