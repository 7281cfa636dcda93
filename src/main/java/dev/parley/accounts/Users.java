package dev.parley.accounts;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import dev.parley.common.TextRules;

import org.springframework.stereotype.Component;

/** Looks up registered users and changes their profile. Thread-safe. */
@Component
public class Users {

	private final UserStore users;

	Users(UserStore users) {
		this.users = users;
	}

	public Optional<UserView> find(long userId) {
		return this.users.find(userId);
	}

	/** The user with this phone number (normalised first), if registered. */
	public Optional<UserView> findByPhone(String phone) {
		return this.users.findByPhone(PhoneNumbers.normalise(phone));
	}

	/** The registered users among these ids, in no particular order. */
	public List<UserView> findAll(Collection<Long> userIds) {
		return this.users.findAll(userIds);
	}

	/** The registered users among these numbers (normalised by the caller). */
	public List<UserView> findAllByPhone(Collection<String> phones) {
		return this.users.findAllByPhone(phones);
	}

	/**
	 * Changes the user's display name.
	 * @throws ParleyException {@code validation_failed} unless the name is 1 to 64
	 * characters (after trimming) that {@link TextRules#requireName} accepts
	 */
	public UserView rename(long userId, String displayName) {
		String name = (displayName != null) ? displayName.strip() : "";
		if (name.isEmpty() || name.length() > 64) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "A display name is 1 to 64 characters.");
		}
		TextRules.requireName("displayName", name);
		if (!this.users.rename(userId, name)) {
			throw new ParleyException(ErrorCode.NOT_FOUND, "No user " + userId + ".");
		}
		return this.users.find(userId).orElseThrow();
	}

}
