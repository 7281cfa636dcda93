package dev.parley.conversations;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Settings of the conversations module.
 *
 * @param maxGroupSize most members a group may have, the creator included
 * @param membershipCacheSize conversations whose member lists each node keeps in memory
 * @param newDirectsPerWindow direct conversations one user may open per window, counted
 * across every node (a first message to someone opens one; attempts with an unknown user
 * id count too)
 * @param newGroupsPerWindow groups and public rooms one user may create per window,
 * counted across every node
 * @param limitWindow the window of the two limits above, counted from its first hit
 */
@Validated
@ConfigurationProperties("parley.conversations")
public record ConversationsProperties(@DefaultValue("2000") @Min(2) @Max(100_000) int maxGroupSize,
		@DefaultValue("100000") @Min(100) int membershipCacheSize, @DefaultValue("200") @Min(1) int newDirectsPerWindow,
		@DefaultValue("50") @Min(1) int newGroupsPerWindow, @DefaultValue("24h") @NotNull Duration limitWindow) {

}
