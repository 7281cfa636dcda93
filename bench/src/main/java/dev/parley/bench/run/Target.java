package dev.parley.bench.run;

import java.net.URI;

import dev.parley.bench.Options;
import dev.parley.bench.client.AccountSource;
import dev.parley.bench.client.ParleyAccounts;
import dev.parley.bench.client.Protocol;
import dev.parley.bench.client.ReceiptMode;
import dev.parley.bench.client.RelayAccounts;
import dev.parley.bench.relay.RelayServer;
import dev.parley.bench.relay.RelayStack;

/**
 * What a run talks to: the relay (started in-process unless {@code --url} is given) or a
 * Parley server, with the protocol (and the receipts its sessions send, {@code --receipts}:
 * {@code read} by default on v1, none on the seed protocol), the source of users, and the
 * server process to watch ({@code --server-pid}). Closing it stops an in-process relay.
 *
 * @param httpBase REST base address
 * @param wsBase WebSocket base address
 * @param protocol the WebSocket protocol spoken
 * @param accounts where users come from
 * @param server the server's process, or {@code null} when not watched
 * @param relay the in-process relay, or {@code null}
 */
public record Target(URI httpBase, URI wsBase, Protocol protocol, AccountSource accounts, ProcessProbe server,
		RelayServer relay) implements AutoCloseable {

	public static Target from(Options options) throws InterruptedException {
		String kind = options.text("target", "relay");
		String protocolName = options.text("protocol", "v1");
		ReceiptMode receipts = ReceiptMode
			.named(options.text("receipts", protocolName.equals("seed") ? "none" : "read"));
		Protocol protocol = Protocol.named(protocolName, receipts);
		ProcessProbe server = options.has("server-pid") ? new ProcessProbe(Long.parseLong(options.text("server-pid", "")))
				: null;
		RelayServer relay = null;
		String url = options.text("url", null);
		if (url == null && kind.equals("relay")) {
			relay = RelayServer.start(RelayStack.named(options.text("relay-stack", "netty")), "127.0.0.1", 0,
					options.integer("relay-threads", 1));
			url = "http://127.0.0.1:" + relay.port();
		}
		else if (url == null) {
			url = "http://127.0.0.1:8080";
		}
		URI http = URI.create(url);
		URI ws = URI.create(url.replaceFirst("^http", "ws"));
		AccountSource accounts = switch (kind) {
			case "relay" -> new RelayAccounts(http);
			case "parley" -> new ParleyAccounts(http, protocolName.equals("seed"),
					options.integer("signup-parallelism", 16));
			default -> throw new IllegalArgumentException("unknown target " + kind + " (relay or parley)");
		};
		return new Target(http, ws, protocol, accounts, server, relay);
	}

	@Override
	public void close() {
		if (this.relay != null) {
			this.relay.close();
		}
	}

}
