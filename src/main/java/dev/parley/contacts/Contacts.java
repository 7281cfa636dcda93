package dev.parley.contacts;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.parley.accounts.PhoneNumbers;
import dev.parley.accounts.Principal;
import dev.parley.accounts.RateLimits;
import dev.parley.accounts.UserView;
import dev.parley.accounts.Users;
import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import dev.parley.common.TextRules;
import dev.parley.infra.ControlBus;
import dev.parley.infra.ControlMessage;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Each user's contacts (phone numbers, matched to users when read, so that a number
 * becomes a registered contact as soon as its owner signs up), address-book sync, and
 * blocks. Whether a user blocked another is answered from a per-user cache that a change
 * clears on this node at once and on every other node through the control topic.
 * Thread-safe.
 */
@Component
public class Contacts {

	/** Most contacts one user may keep. */
	public static final int MAX_CONTACTS = 5000;

	/** Most numbers in one address-book sync. */
	public static final int MAX_SYNC = 1000;

	static final String BLOCKS_CHANGED = "blocks-changed";

	private static final Comparator<ContactView> ORDER = Comparator.comparing((ContactView c) -> label(c).toLowerCase())
		.thenComparing(ContactView::phone);

	private final ContactStore store;

	private final Users users;

	private final ControlBus control;

	private final RateLimits limits;

	private final ContactsProperties properties;

	private final LoadingCache<Long, Set<Long>> blocked;

	Contacts(ContactStore store, Users users, ControlBus control, RateLimits limits, ContactsProperties properties) {
		this.store = store;
		this.users = users;
		this.control = control;
		this.limits = limits;
		this.properties = properties;
		this.blocked = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterWrite(Duration.ofMinutes(10))
			.build(store::blockedBy);
	}

	/**
	 * Adds a number to the user's contacts, or changes its label.
	 * @param name the user's own label, or {@code null}
	 * @throws ParleyException {@code validation_failed} for a malformed number, one's own
	 * number, a label over 64 characters or one {@link TextRules#requireName} refuses, or
	 * a full address book; {@code rate_limited} when the user looked up too many numbers
	 * lately (see {@link ContactsProperties})
	 */
	public ContactView add(Principal owner, String rawPhone, String name) {
		String phone = PhoneNumbers.normalise(rawPhone);
		String label = (name == null || name.isBlank()) ? null : name.strip();
		if (label != null && label.length() > 64) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "A contact's name has at most 64 characters.");
		}
		TextRules.requireName("name", label);
		UserView me = this.users.find(owner.userId()).orElseThrow();
		if (me.phone().equals(phone)) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "You cannot add your own number.");
		}
		if (this.store.count(owner.userId()) >= MAX_CONTACTS) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED,
					"You have " + MAX_CONTACTS + " contacts, the most there can be.");
		}
		if (this.store.find(owner.userId(), phone).isEmpty()) {
			countLookups(owner, 1);
		}
		this.store.put(owner.userId(), phone, label);
		return view(this.store.find(owner.userId(), phone).orElseThrow(), this.users.findByPhone(phone).orElse(null),
				this.blocked.get(owner.userId()));
	}

	/**
	 * Removes a number from the user's contacts.
	 * @throws ParleyException {@code not_found} when it is not among them
	 */
	public void remove(Principal owner, String rawPhone) {
		if (!this.store.remove(owner.userId(), PhoneNumbers.normalise(rawPhone))) {
			throw new ParleyException(ErrorCode.NOT_FOUND, "That number is not among your contacts.");
		}
	}

	/** The user's contacts, ordered by what they are called. */
	public List<ContactView> list(Principal owner) {
		List<ContactStore.Row> rows = this.store.list(owner.userId());
		Map<String, UserView> registered = byPhone(rows.stream().map(ContactStore.Row::phone).toList());
		Set<Long> blocks = this.blocked.get(owner.userId());
		return rows.stream().map((row) -> view(row, registered.get(row.phone()), blocks)).sorted(ORDER).toList();
	}

	private static ContactView view(ContactStore.Row row, UserView user, Set<Long> blocks) {
		return (user != null)
				? new ContactView(row.phone(), row.name(), user.userId(), user.displayName(), true,
						blocks.contains(user.userId()))
				: new ContactView(row.phone(), row.name(), null, null, false, false);
	}

	/**
	 * The registered users among an address book's numbers, each entry read in the forms
	 * people keep (see {@link AddressBookNumbers}; national forms in the owner's own
	 * country). Entries that are not phone numbers cannot belong to anyone and are
	 * skipped; each distinct entry counts as one lookup.
	 * @throws ParleyException {@code validation_failed} for more than {@link #MAX_SYNC}
	 * numbers; {@code rate_limited} (nothing looked up) when they would take the user
	 * past their lookups of the window (see {@link ContactsProperties})
	 */
	public List<UserView> sync(Principal owner, Collection<String> rawPhones) {
		if (rawPhones.size() > MAX_SYNC) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "Sync at most " + MAX_SYNC + " numbers at a time.");
		}
		Set<String> phones = new LinkedHashSet<>();
		for (String raw : rawPhones) {
			// an entry that is not a phone number cannot belong to anyone
			AddressBookNumbers.clean(raw).ifPresent(phones::add);
		}
		countLookups(owner, phones.size());
		AddressBookNumbers reader = AddressBookNumbers.ofOwner(this.users.find(owner.userId()).orElseThrow().phone());
		Set<String> forms = new LinkedHashSet<>();
		for (String phone : phones) {
			forms.addAll(reader.candidates(phone));
		}
		return this.users.findAllByPhone(forms)
			.stream()
			.filter((user) -> user.userId() != owner.userId())
			.sorted(Comparator.comparing(UserView::phone))
			.toList();
	}

	/**
	 * Blocks a user: their messages to the owner are refused from now on.
	 * @throws ParleyException {@code not_found} for an unknown user,
	 * {@code validation_failed} for oneself
	 */
	public void block(Principal owner, long userId) {
		if (userId == owner.userId()) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED, "You cannot block yourself.");
		}
		if (this.users.find(userId).isEmpty()) {
			throw new ParleyException(ErrorCode.NOT_FOUND, "No user " + userId + ".");
		}
		if (this.store.block(owner.userId(), userId)) {
			changed(owner.userId());
		}
	}

	/** Lifts a block; nothing happens when there was none. */
	public void unblock(Principal owner, long userId) {
		if (this.store.unblock(owner.userId(), userId)) {
			changed(owner.userId());
		}
	}

	/** The ids of the users the owner blocked. */
	public Set<Long> blocks(Principal owner) {
		return this.blocked.get(owner.userId());
	}

	/** Whether {@code userId} blocked {@code otherUserId}. */
	public boolean hasBlocked(long userId, long otherUserId) {
		return this.blocked.get(userId).contains(otherUserId);
	}

	private void countLookups(Principal owner, int numbers) {
		if (numbers > 0) {
			this.limits.hit("lookup:" + owner.userId(), numbers, this.properties.lookupsPerWindow(),
					this.properties.lookupWindow(), "phone numbers looked up");
		}
	}

	@EventListener
	void on(ControlMessage message) {
		if (BLOCKS_CHANGED.equals(message.kind())) {
			this.blocked.invalidate(Long.parseLong(message.payload()));
		}
	}

	private void changed(long userId) {
		this.blocked.invalidate(userId);
		this.control.publish(BLOCKS_CHANGED, Long.toString(userId));
	}

	private Map<String, UserView> byPhone(Collection<String> phones) {
		return this.users.findAllByPhone(phones)
			.stream()
			.collect(Collectors.toMap(UserView::phone, Function.identity()));
	}

	private static String label(ContactView contact) {
		if (contact.name() != null) {
			return contact.name();
		}
		return (contact.displayName() != null) ? contact.displayName() : contact.phone();
	}

}
