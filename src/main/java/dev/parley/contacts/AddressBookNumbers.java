package dev.parley.contacts;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Reads an address-book entry as the phone numbers it may stand for, the way a phone
 * reads what its owner typed: {@code 4917088759716}, {@code +49 170 8875 9716},
 * {@code 0049 170 88759716} and, for someone whose own number is German,
 * {@code 0170 8875 9716} all stand for {@code +4917088759716}. The rules are in
 * docs/PROTOCOL.md ("Address-book sync"); numbering plans, trunk and international
 * prefixes come from libphonenumber's metadata. Thread-safe.
 */
final class AddressBookNumbers {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	private static final String UNKNOWN_REGION = "ZZ";

	private static final Pattern SEPARATORS = Pattern.compile("[\\s()./-]");

	/**
	 * An optional {@code +} and digits: up to 15 for the number (E.164) and 4 more for an
	 * international prefix ({@code 0011 61 …} from Australia).
	 */
	private static final Pattern WELL_FORMED = Pattern.compile("\\+?[0-9]{3,19}");

	private final String region;

	private AddressBookNumbers(String region) {
		this.region = region;
	}

	/**
	 * The reader for an address book whose owner has this number: national forms are read
	 * in the owner's country. An owner whose number names no country (a seed account's
	 * number without its {@code +} that is no valid international number either) gets
	 * only international forms read.
	 */
	static AddressBookNumbers ofOwner(String ownerPhone) {
		PhoneNumber own = international(ownerPhone);
		String region = (own != null) ? UTIL.getRegionCodeForNumber(own) : null;
		return new AddressBookNumbers((region != null) ? region : UNKNOWN_REGION);
	}

	/**
	 * The entry without spaces, dashes, dots, slashes and parentheses, when what remains
	 * is an optional {@code +} and 3 to 19 digits; else empty (it is no phone number).
	 */
	static Optional<String> clean(String entry) {
		if (entry == null || entry.length() > 40) {
			return Optional.empty();
		}
		String cleaned = SEPARATORS.matcher(entry.strip()).replaceAll("");
		return WELL_FORMED.matcher(cleaned).matches() ? Optional.of(cleaned) : Optional.empty();
	}

	/**
	 * The registered numbers an entry may be, most likely first: the entry as written
	 * (cleaned by {@link #clean}), the international number it reads as in the owner's
	 * country, the number it is when its digits are an international number written
	 * without {@code +}; each international number also without its {@code +}, as
	 * accounts made through the seed's API may hold it.
	 */
	Set<String> candidates(String cleaned) {
		Set<String> forms = new LinkedHashSet<>();
		forms.add(cleaned);
		addInternational(forms, parse(cleaned, this.region));
		if (!cleaned.startsWith("+")) {
			addInternational(forms, international(cleaned));
		}
		return forms;
	}

	private static void addInternational(Set<String> forms, PhoneNumber number) {
		if (number != null && UTIL.isValidNumber(number)) {
			String e164 = UTIL.format(number, PhoneNumberFormat.E164);
			forms.add(e164);
			forms.add(e164.substring(1));
		}
	}

	/** The number read as international, with or without its {@code +}. */
	private static PhoneNumber international(String phone) {
		PhoneNumber number = parse(phone.startsWith("+") ? phone : "+" + phone, UNKNOWN_REGION);
		return (number != null && UTIL.isValidNumber(number)) ? number : null;
	}

	private static PhoneNumber parse(String phone, String region) {
		try {
			return UTIL.parse(phone, region);
		}
		catch (NumberParseException ex) {
			return null;
		}
	}

}
