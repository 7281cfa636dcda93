package dev.parley.messaging;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

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
 * @param sequencerFetchMinBytes how many inbound bytes the broker gathers for a sequencer
 * poll before answering (bigger batches cost less per message in the database)
 * @param sequencerFetchWait how long the broker may wait to gather them
 * @param sequencerSessionTimeout how long the broker waits for a sequencer consumer that
 * stopped answering before it hands its partitions to another (or to the same node
 * restarted after a crash): nothing is sequenced on those partitions meanwhile
 * @param roomHistory events of a room a new member receives when they resume; older ones
 * stay readable through history
 * @param sendsPerSecond sustained sends, edits and deletions per second per device, on
 * every API
 * @param sendBurst sends a device may make at once before the rate applies
 * @param localDelivery whether the sequencer hands the events it stored to this node's
 * sessions (and waiting senders) at once, instead of letting them come back through the
 * events topic; other nodes always get them through the topic
 * @param maxInFlight most commands this node waits for at once (accepted, not yet
 * sequenced); beyond it new sends, edits and deletions are refused with
 * {@code unavailable} at once (admission control)
 * @param maxSequencerLag how old the oldest command of a sequencer poll on this node may
 * be before new commands are refused the same way
 */
@Validated
@ConfigurationProperties("parley.messaging")
public record MessagingProperties(@DefaultValue("4000") @Min(1) @Max(4000) int maxBodyLength,
		@DefaultValue("10s") Duration replyTimeout, @DefaultValue("500") @Min(1) @Max(10_000) int maxPollRecords,
		@DefaultValue("1") @Min(1) @Max(64) int sequencerThreads, @DefaultValue("1B") DataSize sequencerFetchMinBytes,
		@DefaultValue("100ms") Duration sequencerFetchWait, @DefaultValue("10s") Duration sequencerSessionTimeout,
		@DefaultValue("50") @Min(0) int roomHistory, @DefaultValue("100") @Min(1) int sendsPerSecond,
		@DefaultValue("200") @Min(1) int sendBurst, @DefaultValue("true") boolean localDelivery,
		@DefaultValue("2000") @Min(1) int maxInFlight, @DefaultValue("1s") Duration maxSequencerLag) {

}
