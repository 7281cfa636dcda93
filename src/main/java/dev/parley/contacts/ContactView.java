package dev.parley.contacts;

/**
 * A contact as its owner sees it.
 *
 * @param phone the contact's normalised number
 * @param name the owner's own label for the contact, or {@code null}
 * @param userId the user with this number, or {@code null} while it is not registered
 * @param displayName that user's display name, or {@code null}
 * @param registered whether the number belongs to a user
 * @param blocked whether the owner blocked that user
 */
public record ContactView(String phone, String name, Long userId, String displayName, boolean registered,
		boolean blocked) {

}
