package dev.parley.accounts;

import java.time.OffsetDateTime;

/**
 * An activation code was issued for a phone number.
 *
 * @param phone the normalised number
 * @param expiresAt when the code stops working
 * @param code the code itself, only when codes are delivered in the response (the
 * embedded default); {@code null} when an SMS gateway delivers them
 */
public record CodeIssued(String phone, OffsetDateTime expiresAt, String code) {

}
