package dev.parley.accounts;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import dev.parley.common.TextRules;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Activation and login: a one-time code for a phone number, then a login that turns the
 * code into a new device with its own access token. Codes are 6 digits from
 * {@link SecureRandom}, single use, expiring, and void after
 * {@code parley.accounts.max-code-attempts} wrong guesses; only their hash is stored, and
 * a new request replaces the pending code. Code requests are rate-limited per number and
 * per client address, login attempts per client address (each limit is counted in its own
 * transaction, before the work, so that no request holds two connections). Thread-safe.
 */
@Component
public class Activation {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final CodeStore codes;

	private final UserStore users;

	private final DeviceStore devices;

	private final RateLimits limits;

	private final CodeSender sender;

	private final AccountsProperties properties;

	private final Clock clock;

	private final TransactionTemplate transactions;

	Activation(CodeStore codes, UserStore users, DeviceStore devices, RateLimits limits, CodeSender sender,
			AccountsProperties properties, Clock clock, TransactionTemplate transactions) {
		this.codes = codes;
		this.users = users;
		this.devices = devices;
		this.limits = limits;
		this.sender = sender;
		this.properties = properties;
		this.clock = clock;
		this.transactions = transactions;
	}

	/**
	 * Issues a new code for the number, replacing any pending one, and delivers it.
	 * @param rawPhone the number as typed
	 * @param clientAddress the caller's address, for the per-address limit
	 * @throws ParleyException {@code validation_failed} for a malformed number,
	 * {@code rate_limited} when the number or the address asked too often,
	 * {@code unavailable} when the code could not be delivered
	 */
	public CodeIssued requestCode(String rawPhone, String clientAddress) {
		String phone = PhoneNumbers.normalise(rawPhone);
		this.limits.hit("code:addr:" + clientAddress, this.properties.codesPerAddress(),
				"activation codes requested from this address");
		this.limits.hit("code:phone:" + phone, this.properties.codesPerPhone(),
				"activation codes requested for this number");
		String code = String.format("%06d", RANDOM.nextInt(1_000_000));
		OffsetDateTime now = now();
		OffsetDateTime expiresAt = now.plus(this.properties.codeTtl());
		this.transactions.executeWithoutResult(
				(status) -> this.codes.replace(phone, TokenHasher.hash(phone + ":" + code), expiresAt, now));
		boolean inResponse = this.sender.deliver(phone, code);
		return new CodeIssued(phone, expiresAt, inResponse ? code : null);
	}

	/**
	 * Logs in with a code: creates the user on first login and a new device every time.
	 * @throws ParleyException {@code invalid_code} for a wrong, expired, used or void
	 * code; {@code validation_failed} for a device name {@link TextRules#requireName}
	 * refuses; {@code rate_limited} when the address tried too often
	 */
	public LoggedIn login(String rawPhone, String code, String deviceName, String clientAddress) {
		String phone = PhoneNumbers.normalise(rawPhone);
		TextRules.requireName("deviceName", deviceName);
		this.limits.hit("login:addr:" + clientAddress, this.properties.loginsPerAddress(),
				"login attempts from this address");
		if (code == null || !code.matches("[0-9]{6}")) {
			throw new ParleyException(ErrorCode.INVALID_CODE, "The activation code is 6 digits.");
		}
		CodeStore.PendingCode pending = this.transactions.execute((status) -> takeAttempt(phone));
		String hash = TokenHasher.hash(phone + ":" + code);
		if (!hash.equals(pending.codeHash())) {
			throw new ParleyException(ErrorCode.INVALID_CODE, "The activation code is wrong.");
		}
		String token = TokenHasher.newToken();
		String name = (deviceName == null || deviceName.isBlank()) ? "device" : deviceName.strip();
		return this.transactions.execute((status) -> {
			if (!this.codes.consume(phone, hash)) {
				throw new ParleyException(ErrorCode.INVALID_CODE, "The activation code was already used.");
			}
			UserView user = this.users.findOrCreate(phone);
			long deviceId = this.devices.create(user.userId(), TokenHasher.hash(token), name);
			return new LoggedIn(token, user.userId(), deviceId);
		});
	}

	/** The pending, unexpired code of the number, with one of its attempts taken. */
	private CodeStore.PendingCode takeAttempt(String phone) {
		CodeStore.PendingCode pending = this.codes.find(phone)
			.orElseThrow(() -> new ParleyException(ErrorCode.INVALID_CODE,
					"No pending activation code for this number; request a new one."));
		if (!pending.expiresAt().isAfter(now())) {
			throw new ParleyException(ErrorCode.INVALID_CODE, "The activation code has expired; request a new one.");
		}
		if (!this.codes.takeAttempt(phone, this.properties.maxCodeAttempts())) {
			throw new ParleyException(ErrorCode.INVALID_CODE, "Too many wrong attempts; request a new code.");
		}
		return pending;
	}

	private OffsetDateTime now() {
		return OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
	}

}
