package dev.parley.accounts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Settings of the accounts module.
 *
 * @param codeTtl how long an activation code stays valid
 * @param maxCodeAttempts wrong guesses after which a code is void
 */
@Validated
@ConfigurationProperties("parley.accounts")
public record AccountsProperties(@DefaultValue("10m") Duration codeTtl,
		@DefaultValue("5") @Min(1) @Max(20) int maxCodeAttempts) {

}
