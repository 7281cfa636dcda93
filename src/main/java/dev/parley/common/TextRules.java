package dev.parley.common;

import java.util.Optional;

/**
 * The one rule for text a client may give Parley, used by every API (REST, WebSocket, the
 * seed API) through the modules' facades. Text that no database stores or no client can
 * render is refused with {@link ErrorCode#VALIDATION_FAILED}, never stripped, so what a
 * client sent is either kept exactly or not kept at all (G6).
 * <ul>
 * <li>Any text: no U+0000 (PostgreSQL refuses it), no lone UTF-16 surrogate (no encoding
 * can carry it), no non-character (U+FDD0 to U+FDEF and the last two code points of every
 * plane, U+FFFE and U+FFFF among them), and no control character other than tab, line
 * feed and carriage return (C0, DEL and C1: no client renders them, terminals act on
 * them).</li>
 * <li>Names (display names, contact names, device names, group and room titles), which
 * are shown beside other people's: no control character at all, no bidirectional override
 * or isolate (U+202A to U+202E, U+2066 to U+2069), and no zero-width character (U+200B,
 * U+200C, U+2060, U+FEFF; U+200D only inside an emoji sequence, between two symbols,
 * where it joins e.g. a woman and a laptop into one emoji).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class TextRules {

	private static final int ZERO_WIDTH_JOINER = 0x200D;

	private static final int VARIATION_SELECTOR_16 = 0xFE0F;

	private TextRules() {
	}

	/**
	 * Checks free text such as a message body.
	 * @param field the field's name in the API, for the error message
	 * @param text the text; {@code null} passes (required fields are checked apart)
	 * @return {@code text}
	 * @throws ParleyException {@code validation_failed} when the text breaks the rule
	 */
	public static String requireStorable(String field, String text) {
		problemInText(text).ifPresent((problem) -> {
			throw refusal(field, problem);
		});
		return text;
	}

	/**
	 * Checks a name shown to other people (a display name, a title, a label).
	 * @param field the field's name in the API, for the error message
	 * @param name the name; {@code null} passes
	 * @return {@code name}
	 * @throws ParleyException {@code validation_failed} when the name breaks the rule
	 */
	public static String requireName(String field, String name) {
		problemInName(name).ifPresent((problem) -> {
			throw refusal(field, problem);
		});
		return name;
	}

	/** What is wrong with free text, if anything. */
	public static Optional<String> problemInText(String text) {
		if (text == null) {
			return Optional.empty();
		}
		for (int i = 0; i < text.length();) {
			int codePoint = text.codePointAt(i);
			String problem = textProblem(codePoint);
			if (problem != null) {
				return Optional.of(problem);
			}
			i += Character.charCount(codePoint);
		}
		return Optional.empty();
	}

	/** What is wrong with a name, if anything. */
	public static Optional<String> problemInName(String name) {
		if (name == null) {
			return Optional.empty();
		}
		int previous = -1;
		for (int i = 0; i < name.length();) {
			int codePoint = name.codePointAt(i);
			int next = (i + Character.charCount(codePoint) < name.length())
					? name.codePointAt(i + Character.charCount(codePoint)) : -1;
			String problem = textProblem(codePoint);
			if (problem == null && Character.isISOControl(codePoint)) {
				problem = "a control character";
			}
			if (problem == null && isBidiControl(codePoint)) {
				problem = "a bidirectional override or isolate";
			}
			if (problem == null && isZeroWidth(codePoint)
					&& !(codePoint == ZERO_WIDTH_JOINER && joinsEmoji(previous, next))) {
				problem = "a zero-width character";
			}
			if (problem != null) {
				return Optional.of(problem + " (" + codePointName(codePoint) + ")");
			}
			previous = codePoint;
			i += Character.charCount(codePoint);
		}
		return Optional.empty();
	}

	private static String textProblem(int codePoint) {
		if (codePoint == 0) {
			return "U+0000";
		}
		if (Character.isSurrogate((char) codePoint) && codePoint <= 0xFFFF) {
			return "a lone UTF-16 surrogate";
		}
		if ((codePoint >= 0xFDD0 && codePoint <= 0xFDEF) || (codePoint & 0xFFFE) == 0xFFFE) {
			return "a non-character (" + codePointName(codePoint) + ")";
		}
		if (Character.isISOControl(codePoint) && codePoint != '\t' && codePoint != '\n' && codePoint != '\r') {
			return "a control character (" + codePointName(codePoint) + ")";
		}
		return null;
	}

	private static boolean isBidiControl(int codePoint) {
		return (codePoint >= 0x202A && codePoint <= 0x202E) || (codePoint >= 0x2066 && codePoint <= 0x2069);
	}

	private static boolean isZeroWidth(int codePoint) {
		return (codePoint >= 0x200B && codePoint <= 0x200D) || codePoint == 0x2060 || codePoint == 0xFEFF;
	}

	/**
	 * A joiner between two symbols: an emoji sequence such as a family or a profession.
	 */
	private static boolean joinsEmoji(int previous, int next) {
		boolean before = previous == VARIATION_SELECTOR_16
				|| (previous >= 0 && (Character.getType(previous) == Character.OTHER_SYMBOL
						|| Character.getType(previous) == Character.MODIFIER_SYMBOL));
		return before && next >= 0 && Character.getType(next) == Character.OTHER_SYMBOL;
	}

	private static String codePointName(int codePoint) {
		return String.format("U+%04X", codePoint);
	}

	private static ParleyException refusal(String field, String problem) {
		return new ParleyException(ErrorCode.VALIDATION_FAILED, field + " must not contain " + problem + ".");
	}

}
