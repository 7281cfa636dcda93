package dev.parley.bench.client;

import java.net.URI;

import dev.parley.bench.wire.Payload;

/**
 * How the bench speaks to a server over WebSocket: Parley's v1 protocol ({@code /ws}) or
 * the seed's ({@code /messaging}). Implementations are stateless and thread-safe.
 */
public sealed interface Protocol permits V1Protocol, SeedProtocol {

	/** The WebSocket address for {@code account}, given the server's base address. */
	URI webSocketUri(URI base, Account account);

	/** The {@code Authorization} header value of the handshake, or {@code null}. */
	String authorization(Account account);

	/** Whether the server answers a send with {@code ack} (the seed does not). */
	boolean acknowledges();

	/** Whether a session must send {@code resume} (and wait for {@code synced}) to receive. */
	boolean resumes();

	/** The receipts a session sends for the messages it receives. */
	ReceiptMode receipts();

	/** Appends a one-to-one send frame. */
	void appendDirect(StringBuilder out, Account from, long toUserId, Payload payload);

	/** Appends a group send frame. */
	void appendGroup(StringBuilder out, Account from, long conversationId, Payload payload);

	/** The client message id the bench gives message {@code number}. */
	static String clientId(int number) {
		return "b" + number;
	}

	/** The message number of a client message id written by {@link #clientId}, or -1. */
	static int number(String clientId) {
		if (clientId == null || clientId.length() < 2 || clientId.charAt(0) != 'b') {
			return -1;
		}
		try {
			return Integer.parseInt(clientId, 1, clientId.length(), 10);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * Looks a protocol up by its command-line name ({@code v1} or {@code seed}). The seed
	 * protocol sends no receipts (its server confirms deliveries itself): it takes only
	 * {@link ReceiptMode#NONE}.
	 */
	static Protocol named(String name, ReceiptMode receipts) {
		return switch (name) {
			case "v1" -> new V1Protocol(receipts);
			case "seed" -> {
				if (receipts != ReceiptMode.NONE) {
					throw new IllegalArgumentException("the seed protocol sends no receipts (its server confirms "
							+ "deliveries itself): leave --receipts out or give none");
				}
				yield new SeedProtocol();
			}
			default -> throw new IllegalArgumentException("unknown protocol " + name + " (v1 or seed)");
		};
	}

}
