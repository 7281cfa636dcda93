package dev.parley.gateway;

import java.util.List;

/**
 * A value of the ephemeral topic (header {@code v} = 1): typing, presence changes and
 * node heartbeats carrying the node's online users. Never stored.
 *
 * @param type {@code typing}, {@code presence} or {@code heartbeat}
 * @param node the node that published it
 * @param conversationId for typing, the conversation
 * @param userId for typing and presence, the user
 * @param online for presence, whether the user has a session on {@code node}
 * @param time when it was published, epoch milliseconds
 * @param users for heartbeats, the users with a session on {@code node}
 */
record SignalFrame(String type, String node, long conversationId, long userId, boolean online, long time,
		List<Long> users) {

}
