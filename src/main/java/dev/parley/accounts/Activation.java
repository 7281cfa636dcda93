package dev.parley.accounts;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Activation and login: a one-time code for a phone number, then a login that turns the
 * code into a new device with its own access token. Codes are 6 digits from
 * {@link SecureRandom}, single use, expiring and attempt-limited; only their hash is
 * stored. Thread-safe.
 */
@Component
public class Activation {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final CodeStore codes;

	private final UserStore users;

	private final DeviceStore devices;

	private final AccountsProperties properties;

	private final Clock clock;

	Activation(CodeStore codes, UserStore users, DeviceStore devices, AccountsProperties properties, Clock clock) {
		this.codes = codes;
		this.users = users;
		this.devices = devices;
		this.properties = properties;
		this.clock = clock;
	}

	/** Issues a new code for the number, replacing any pending one. */
	@Transactional
	public CodeIssued requestCode(String rawPhone) {
		String phone = PhoneNumbers.normalise(rawPhone);
		String code = String.format("%06d", RANDOM.nextInt(1_000_000));
		OffsetDateTime now = now();
		OffsetDateTime expiresAt = now.plus(this.properties.codeTtl());
		this.codes.replace(phone, TokenHasher.hash(phone + ":" + code), expiresAt, now);
		return new CodeIssued(phone, expiresAt, code);
	}

	/**
	 * Logs in with a code: creates the user on first login and a new device every time.
	 * @throws ParleyException {@code invalid_code} for a wrong, expired, used or void
	 * code
	 */
	@Transactional(noRollbackFor = ParleyException.class)
	public LoggedIn login(String rawPhone, String code, String deviceName) {
		String phone = PhoneNumbers.normalise(rawPhone);
		if (code == null || !code.matches("[0-9]{6}")) {
			throw new ParleyException(ErrorCode.INVALID_CODE, "The activation code is 6 digits.");
		}
		CodeStore.PendingCode pending = this.codes.find(phone)
			.orElseThrow(() -> new ParleyException(ErrorCode.INVALID_CODE,
					"No pending activation code for this number; request a new one."));
		if (pending.expiresAt().isBefore(now())) {
			throw new ParleyException(ErrorCode.INVALID_CODE, "The activation code has expired; request a new one.");
		}
		if (pending.failedAttempts() >= this.properties.maxCodeAttempts()) {
			throw new ParleyException(ErrorCode.INVALID_CODE, "Too many wrong attempts; request a new code.");
		}
		String hash = TokenHasher.hash(phone + ":" + code);
		if (!hash.equals(pending.codeHash())) {
			this.codes.recordFailure(phone);
			throw new ParleyException(ErrorCode.INVALID_CODE, "The activation code is wrong.");
		}
		if (!this.codes.consume(phone, hash)) {
			throw new ParleyException(ErrorCode.INVALID_CODE, "The activation code was already used.");
		}
		UserView user = this.users.findOrCreate(phone);
		String token = TokenHasher.newToken();
		String name = (deviceName == null || deviceName.isBlank()) ? "device" : deviceName.strip();
		long deviceId = this.devices.create(user.userId(), TokenHasher.hash(token), name);
		return new LoggedIn(token, user.userId(), deviceId);
	}

	private OffsetDateTime now() {
		return OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
	}

}
