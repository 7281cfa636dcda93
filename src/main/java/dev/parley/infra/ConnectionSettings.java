package dev.parley.infra;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * How many connections the node holds open.
 *
 * @param max connections the HTTP server accepts at once (WebSockets, requests and idle
 * keep-alive connections); {@code 0} derives it from the process's open-file limit,
 * leaving room for the node's own files. Beyond it the server stops accepting: new
 * connections wait in the listen backlog and are never given a file handle the embedded
 * broker or the database needs.
 * @param perAddress WebSockets and requests in progress one client address may hold at
 * once; beyond it a request or handshake is answered 429 {@code rate_limited}. Leave room
 * for many people behind one NAT or proxy.
 */
@Validated
@ConfigurationProperties("parley.connections")
public record ConnectionSettings(@DefaultValue("0") @Min(0) @Max(10_000_000) int max,
		@DefaultValue("300") @Min(1) int perAddress) {

}
