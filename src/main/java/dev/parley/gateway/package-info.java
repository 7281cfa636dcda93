/**
 * The WebSocket gateway: authenticates sockets, turns client frames into calls on
 * {@link dev.parley.messaging.Messaging}, keeps this node's sessions in the
 * {@code SessionRegistry}, pushes every event that reaches this node to its sessions of
 * the conversation's members (fan-out on read: no routing state to lose), replays what a
 * session missed on {@code resume}, and carries typing and presence over the ephemeral
 * topic. Other protocols (the seed's) plug in through {@link dev.parley.gateway.Gateway}
 * with their own {@link dev.parley.gateway.Dialect}.
 */
@org.springframework.modulith.ApplicationModule(
		allowedDependencies = { "common", "infra", "accounts", "conversations", "messaging" })
package dev.parley.gateway;
