package dev.parley.messaging;

/**
 * Makes text encodable as UTF-8: every unpaired UTF-16 surrogate becomes U+FFFD, the
 * replacement character, as a UTF-8 decoder does with bytes it cannot read. Text that
 * needs no change is returned as it is, without a copy. Stateless and thread-safe.
 */
public final class WellFormedText {

	/** U+FFFD, the replacement character. */
	public static final char REPLACEMENT = '\ufffd';

	private WellFormedText() {
	}

	/**
	 * The text with each unpaired surrogate replaced; {@code null} stays {@code null}.
	 */
	public static String of(String text) {
		if (text == null) {
			return null;
		}
		int first = firstUnpaired(text);
		if (first < 0) {
			return text;
		}
		char[] chars = text.toCharArray();
		for (int i = first; i < chars.length; i++) {
			char c = chars[i];
			if (Character.isHighSurrogate(c) && i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				chars[i] = REPLACEMENT;
			}
		}
		return new String(chars);
	}

	/** Whether the text has no unpaired surrogate (can be encoded as UTF-8 as it is). */
	public static boolean isWellFormed(String text) {
		return text == null || firstUnpaired(text) < 0;
	}

	private static int firstUnpaired(String text) {
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (!Character.isSurrogate(c)) {
				continue;
			}
			if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
				continue;
			}
			return i;
		}
		return -1;
	}

}
