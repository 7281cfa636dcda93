package dev.parley.conversations;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Settings of the conversations module.
 *
 * @param maxGroupSize most members a group may have, the creator included
 * @param membershipCacheSize conversations whose member lists each node keeps in memory
 */
@Validated
@ConfigurationProperties("parley.conversations")
public record ConversationsProperties(@DefaultValue("2000") @Min(2) @Max(100_000) int maxGroupSize,
		@DefaultValue("100000") @Min(100) int membershipCacheSize) {

}
