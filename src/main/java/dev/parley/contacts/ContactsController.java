package dev.parley.contacts;

import java.util.Comparator;
import java.util.List;

import dev.parley.accounts.Principal;
import dev.parley.accounts.UserView;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Parley's v1 contacts, address-book sync and blocks API. */
@RestController
@RequestMapping("/api/v1")
class ContactsController {

	record NewContact(@NotBlank @Size(max = 32) String phone, @Size(max = 200) String name) {
	}

	record SyncRequest(@NotNull @Size(max = Contacts.MAX_SYNC) List<@NotNull @Size(max = 64) String> phones) {
	}

	record RegisteredUser(String phone, long userId, String displayName) {
	}

	private final Contacts contacts;

	private final Profiles profiles;

	ContactsController(Contacts contacts, Profiles profiles) {
		this.contacts = contacts;
		this.profiles = profiles;
	}

	@GetMapping("/contacts")
	List<ContactView> list(Principal principal) {
		return this.contacts.list(principal);
	}

	@PostMapping("/contacts")
	@ResponseStatus(HttpStatus.CREATED)
	ContactView add(Principal principal, @Valid @RequestBody NewContact contact) {
		return this.contacts.add(principal, contact.phone(), contact.name());
	}

	@DeleteMapping("/contacts/{phone}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void remove(Principal principal, @PathVariable String phone) {
		this.contacts.remove(principal, phone);
	}

	@PostMapping("/contacts/sync")
	List<RegisteredUser> sync(Principal principal, @Valid @RequestBody SyncRequest request) {
		return this.contacts.sync(principal, request.phones())
			.stream()
			.map((user) -> new RegisteredUser(user.phone(), user.userId(), user.displayName()))
			.toList();
	}

	@GetMapping("/blocks")
	List<RegisteredUser> blocks(Principal principal) {
		return this.profiles.cards(principal.userId(), this.contacts.blocks(principal))
			.values()
			.stream()
			.sorted(Comparator.comparingLong(UserCard::userId))
			.map((user) -> new RegisteredUser(user.phone(), user.userId(), user.displayName()))
			.toList();
	}

	@PutMapping("/blocks/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void block(Principal principal, @PathVariable long userId) {
		this.contacts.block(principal, userId);
	}

	@DeleteMapping("/blocks/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void unblock(Principal principal, @PathVariable long userId) {
		this.contacts.unblock(principal, userId);
	}

}
