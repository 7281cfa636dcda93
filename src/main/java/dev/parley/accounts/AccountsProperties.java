package dev.parley.accounts;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Settings of the accounts module.
 *
 * @param codeTtl how long an activation code stays valid
 * @param maxCodeAttempts wrong guesses after which a code is void
 * @param rateWindow the window of every rate limit below
 * @param codesPerPhone code requests per phone number per window
 * @param codesPerAddress code requests per client address per window
 * @param loginsPerAddress login attempts per client address per window
 * @param tokenCacheTtl how long a checked token stays cached (bounds how long a node that
 * missed a revocation notice could still accept the token)
 * @param tokenCacheSize how many tokens a node caches
 * @param codeDelivery how codes reach people: {@code response} (in the API response, the
 * embedded default; refused with the {@code cluster} profile) or {@code http} (posted to
 * an SMS gateway)
 * @param sms the SMS gateway, for {@code http} delivery
 */
@Validated
@ConfigurationProperties("parley.accounts")
public record AccountsProperties(@DefaultValue("10m") Duration codeTtl,
		@DefaultValue("5") @Min(1) @Max(20) int maxCodeAttempts, @DefaultValue("1h") Duration rateWindow,
		@DefaultValue("5") @Min(1) int codesPerPhone, @DefaultValue("30") @Min(1) int codesPerAddress,
		@DefaultValue("60") @Min(1) int loginsPerAddress, @DefaultValue("5m") Duration tokenCacheTtl,
		@DefaultValue("100000") @Min(1) long tokenCacheSize,
		@DefaultValue("response") @NotNull CodeDelivery codeDelivery, @DefaultValue @Valid Sms sms) {

	/** How activation codes reach people. */
	public enum CodeDelivery {

		/** In the API response (the seed's way; for a laptop, never for production). */
		RESPONSE,

		/** Posted to an SMS gateway; never in the response. */
		HTTP

	}

	/**
	 * The SMS gateway of {@code http} delivery: Parley POSTs
	 * {@code {"to":"+4412345","code":"123456","text":"…"}} to the URL.
	 *
	 * @param url where to POST
	 * @param authorization value of the {@code Authorization} header, if the gateway
	 * wants one
	 * @param timeout connect and read timeout
	 */
	public record Sms(URI url, String authorization, @DefaultValue("5s") Duration timeout) {
	}

}
