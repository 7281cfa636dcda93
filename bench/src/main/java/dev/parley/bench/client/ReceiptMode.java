package dev.parley.bench.client;

/**
 * Which receipts a v1 session sends for the messages others send it, timed as the web
 * client times them ({@link ReceiptDebouncer}).
 */
public enum ReceiptMode {

	/** No receipts. */
	NONE("none"),

	/**
	 * Delivery receipts only ({@code received}): a user whose conversations are not open.
	 */
	DELIVERED("delivered"),

	/**
	 * Read receipts ({@code read}), as for an open conversation; each also confirms the
	 * delivery, so the web client's delivery receipt for the same messages finds nothing
	 * left to send.
	 */
	READ("read");

	private final String option;

	ReceiptMode(String option) {
		this.option = option;
	}

	/** The command-line name: {@code none}, {@code delivered} or {@code read}. */
	public String option() {
		return this.option;
	}

	/** Looks a mode up by its command-line name. */
	public static ReceiptMode named(String name) {
		for (ReceiptMode mode : values()) {
			if (mode.option.equals(name)) {
				return mode;
			}
		}
		throw new IllegalArgumentException("unknown receipts " + name + " (none, delivered or read)");
	}

}
