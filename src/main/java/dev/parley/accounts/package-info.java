/**
 * Accounts: activation codes, users, devices and their access tokens. Other modules use
 * {@link dev.parley.accounts.AccessTokens} to authenticate a token and
 * {@link dev.parley.accounts.Users} to look people up;
 * {@link dev.parley.accounts.DeviceRevoked} tells them a token stopped working.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "common", "infra" })
package dev.parley.accounts;
