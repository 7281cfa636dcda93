package dev.parley.accounts;

import java.util.regex.Pattern;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;

/**
 * Validates and normalises phone numbers: spaces, dashes, dots and parentheses are
 * dropped; what remains must be an optional leading {@code +} and 3 to 15 digits (E.164
 * allows 15). Leading zeros are kept, as the seed's numbers have them.
 */
public final class PhoneNumbers {

	private static final Pattern SEPARATORS = Pattern.compile("[\\s().-]");

	private static final Pattern VALID = Pattern.compile("\\+?[0-9]{3,15}");

	private PhoneNumbers() {
	}

	/**
	 * The normalised number.
	 * @throws ParleyException {@code validation_failed} when it is not a phone number
	 */
	public static String normalise(String raw) {
		if (raw == null || raw.isBlank()) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "A phone number is required.");
		}
		if (raw.length() > 32) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "The phone number is too long.");
		}
		String cleaned = SEPARATORS.matcher(raw.strip()).replaceAll("");
		if (!VALID.matcher(cleaned).matches()) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED,
					"A phone number is an optional leading + and 3 to 15 digits.");
		}
		return cleaned;
	}

}
