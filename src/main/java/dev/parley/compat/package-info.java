/**
 * The seed's API, unchanged: its REST calls and WebSocket frames are translated into
 * calls on the other modules' facades, so seed clients get every guarantee Parley's own
 * API has.
 */
@org.springframework.modulith.ApplicationModule(
		allowedDependencies = { "common", "infra", "accounts", "contacts", "messaging", "gateway" })
package dev.parley.compat;
