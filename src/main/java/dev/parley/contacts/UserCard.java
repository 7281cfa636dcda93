package dev.parley.contacts;

/**
 * A user as another user sees them: what every API puts where it shows a person.
 *
 * @param userId the user
 * @param displayName the name the user chose; {@code null} when they chose none (clients
 * show a neutral fallback, never a number)
 * @param phone the user's phone number, only when the viewer is entitled to it (see
 * {@link Profiles}); {@code null} otherwise
 */
public record UserCard(long userId, String displayName, String phone) {

	/**
	 * What to call the user: their name, else the number the viewer may see, else null.
	 */
	public String label() {
		return (this.displayName != null) ? this.displayName : this.phone;
	}

}
