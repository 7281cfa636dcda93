package dev.parley.contacts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Settings of the contacts module.
 *
 * @param lookupsPerWindow phone numbers one user may look up per window, counted across
 * every node: each distinct well-formed number of an address-book sync counts, and so
 * does each contact added (both tell whether a number is registered). A whole address
 * book of a few thousand numbers passes, twice; a harvester gets that many a day per
 * account
 * @param lookupWindow the window of {@code lookupsPerWindow}, counted from its first
 * lookup
 */
@Validated
@ConfigurationProperties("parley.contacts")
public record ContactsProperties(@DefaultValue("20000") @Min(1) int lookupsPerWindow,
		@DefaultValue("24h") @NotNull Duration lookupWindow) {

}
