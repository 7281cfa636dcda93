/**
 * Conversations: direct (one per pair of users, created on first use), groups (admins
 * manage members) and public rooms (anyone signed in joins or leaves). The facade
 * {@link dev.parley.conversations.Conversations} answers membership questions from a
 * cache and publishes {@link dev.parley.conversations.MembershipChanged} inside the
 * changing transaction, so that the messaging module sequences the change with the
 * messages. Members are shown through {@link dev.parley.contacts.Profiles}, which decides
 * whose phone number each viewer may see.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "common", "infra", "accounts", "contacts" })
package dev.parley.conversations;
