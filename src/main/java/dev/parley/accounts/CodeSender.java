package dev.parley.accounts;

/**
 * Delivers activation codes to people (the port; the adapter is chosen by
 * {@code parley.accounts.code-delivery}). Implementations must never log the code.
 */
public interface CodeSender {

	/**
	 * Delivers a code to a phone number.
	 * @param phone the normalised number
	 * @param code the 6-digit code
	 * @return whether the code may be returned to the caller in the API response (true
	 * only for {@code response} delivery)
	 * @throws dev.parley.common.ParleyException {@code unavailable} when the code could
	 * not be handed over
	 */
	boolean deliver(String phone, String code);

}
