package dev.parley.accounts;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** Looks up registered users. Thread-safe. */
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

}
