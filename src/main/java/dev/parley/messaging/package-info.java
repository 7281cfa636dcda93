/**
 * Messaging: accepts sends, edits, deletions and receipts, puts them on the inbound Kafka
 * topic (keyed by conversation), sequences and stores them in the {@code Sequencer} (one
 * owner per partition; dense per-conversation sequence numbers; idempotent on the client
 * message id), publishes the sequenced events, and tails them on every node so that
 * {@link dev.parley.messaging.SequencedEventListener}s (the gateway) can push them to
 * local sessions. {@link dev.parley.messaging.EventHistory} reads the stored events for
 * history, resume and gap filling.
 */
@org.springframework.modulith.ApplicationModule(
		allowedDependencies = { "common", "infra", "accounts", "contacts", "conversations" })
package dev.parley.messaging;
