package dev.parley.accounts;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code activation_codes} table: at most one pending code per phone number. */
@Repository
class CodeStore {

	record PendingCode(String phone, String codeHash, OffsetDateTime expiresAt, int failedAttempts) {
	}

	private final JdbcClient jdbc;

	CodeStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Replaces any pending code of this number. */
	void replace(String phone, String codeHash, OffsetDateTime expiresAt, OffsetDateTime now) {
		this.jdbc.sql("DELETE FROM activation_codes WHERE phone = :phone").param("phone", phone).update();
		this.jdbc
			.sql("INSERT INTO activation_codes (phone, code_hash, expires_at, failed_attempts, created_at) "
					+ "VALUES (:phone, :hash, :expires, 0, :now)")
			.param("phone", phone)
			.param("hash", codeHash)
			.param("expires", expiresAt)
			.param("now", now)
			.update();
	}

	Optional<PendingCode> find(String phone) {
		return this.jdbc
			.sql("SELECT phone, code_hash, expires_at, failed_attempts FROM activation_codes WHERE phone = :phone")
			.param("phone", phone)
			.query((rs, n) -> new PendingCode(rs.getString("phone"), rs.getString("code_hash"),
					rs.getObject("expires_at", OffsetDateTime.class), rs.getInt("failed_attempts")))
			.optional();
	}

	/**
	 * Takes one of the code's attempts; false when all are used (the code is void). Taken
	 * before the guess is checked, so concurrent guesses cannot exceed the limit.
	 */
	boolean takeAttempt(String phone, int maxAttempts) {
		return this.jdbc
			.sql("UPDATE activation_codes SET failed_attempts = failed_attempts + 1 "
					+ "WHERE phone = :phone AND failed_attempts < :max")
			.param("phone", phone)
			.param("max", maxAttempts)
			.update() == 1;
	}

	/**
	 * Deletes the code; true when this call consumed it (single use under concurrency).
	 */
	boolean consume(String phone, String codeHash) {
		return this.jdbc.sql("DELETE FROM activation_codes WHERE phone = :phone AND code_hash = :hash")
			.param("phone", phone)
			.param("hash", codeHash)
			.update() == 1;
	}

}
