/**
 * Contacts: each user's address book of phone numbers (registered or not yet), address
 * book sync, and blocks. {@link dev.parley.contacts.Contacts} is the facade; other
 * modules ask it whether a user blocked another.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "common", "infra", "accounts" })
package dev.parley.contacts;
