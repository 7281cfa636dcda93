package dev.parley.gateway;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Settings of the WebSocket gateway.
 *
 * @param authTimeout how long a socket may stay unauthenticated before it is closed
 * (4401)
 * @param maxFrameSize largest client frame; a larger one closes the socket (1009)
 * @param outboundBuffer bytes a session may have queued for a slow client before it is
 * closed (4408) to resume later
 * @param sendTimeLimit longest a single send to a client may block before the session is
 * closed (4408)
 * @param framesPerSecond sustained client frames per second per session; beyond it frames
 * are refused with {@code rate_limited}
 * @param frameBurst frames a session may send at once before the rate applies
 * @param floodLimit how long a session may keep sending beyond the rate (frames refused
 * with no pause of a second between them) before it is closed (4429)
 * @param allowedOrigins browser origins allowed to open sockets; empty means same origin
 * only (clients that send no Origin header, i.e. not browsers, are always allowed)
 * @param resumePage events read from the database per query while replaying
 * @param resumeQueue replays that may wait for a resume thread on this node; a
 * {@code resume} beyond it closes the socket (1013, try again later)
 * @param resumeQueuePerUser replays of one user that may wait (one of a user's replays
 * runs at a time); beyond it, as beyond {@code resumeQueue}
 * @param socketBufferSize size of the connector's socket read and write buffers and,
 * halved, of the container's text message buffer: they are held by every connection, so
 * small keeps many connections cheap; larger frames still pass, in several reads or
 * writes (read once, before the server starts)
 */
@Validated
@ConfigurationProperties("parley.gateway")
public record GatewayProperties(@DefaultValue("10s") Duration authTimeout, @DefaultValue("64KB") DataSize maxFrameSize,
		@DefaultValue("1MB") DataSize outboundBuffer, @DefaultValue("10s") Duration sendTimeLimit,
		@DefaultValue("100") @Min(1) int framesPerSecond, @DefaultValue("200") @Min(1) int frameBurst,
		@DefaultValue("5s") Duration floodLimit, @DefaultValue List<String> allowedOrigins,
		@DefaultValue("500") @Min(1) @Max(10_000) int resumePage, @DefaultValue("10000") @Min(1) int resumeQueue,
		@DefaultValue("16") @Min(1) int resumeQueuePerUser, @DefaultValue("1KB") DataSize socketBufferSize) {

}
