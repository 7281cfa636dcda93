package dev.parley.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Settings of the messaging pipeline.
 *
 * @param maxBodyLength most characters in a message body
 * @param replyTimeout how long a send waits for its sequenced event before failing with
 * {@code unavailable} (the client may resend with the same id)
 * @param maxPollRecords most inbound records the sequencer stores in one transaction
 * @param sequencerThreads sequencer consumers on this node (each owns some inbound
 * partitions; more than the partition count idle)
 * @param roomHistory events of a room a new member receives when they resume; older ones
 * stay readable through history
 * @param sendsPerSecond sustained sends, edits and deletions per second per device, on
 * every API
 * @param sendBurst sends a device may make at once before the rate applies
 */
@Validated
@ConfigurationProperties("parley.messaging")
public record MessagingProperties(@DefaultValue("4000") @Min(1) @Max(4000) int maxBodyLength,
		@DefaultValue("10s") Duration replyTimeout, @DefaultValue("500") @Min(1) @Max(10_000) int maxPollRecords,
		@DefaultValue("2") @Min(1) @Max(64) int sequencerThreads, @DefaultValue("50") @Min(0) int roomHistory,
		@DefaultValue("100") @Min(1) int sendsPerSecond, @DefaultValue("200") @Min(1) int sendBurst) {

}
