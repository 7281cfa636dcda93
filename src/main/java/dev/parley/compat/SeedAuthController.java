package dev.parley.compat;

import java.util.List;

import dev.parley.accounts.AccessTokens;
import dev.parley.accounts.Activation;
import dev.parley.accounts.CodeIssued;
import dev.parley.accounts.LoggedIn;
import dev.parley.accounts.Principal;
import dev.parley.contacts.ContactView;
import dev.parley.contacts.Contacts;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The seed's {@code /api/auth/getcode}, {@code /api/auth/login} and
 * {@code /api/auth/getcontacts}, with its JSON shapes (the token travels in the body, as
 * the seed had it). {@code getcontacts} lists the caller's registered contacts.
 */
@RestController
@RequestMapping("/api/auth")
class SeedAuthController {

	record GetCodeRequest(@NotBlank @Size(max = 32) String mobile) {
	}

	record GetCodeResponse(String mobile, String activationCode) {
	}

	record LoginRequest(@NotBlank @Size(max = 32) String mobile, @NotBlank @Size(max = 16) String activationCode) {
	}

	record LoginResponse(String accessToken, long userId) {
	}

	record GetContactsRequest(@NotBlank @Size(max = 128) String accessToken) {
	}

	record SeedUser(long userId, String mobile, String displayName) {
	}

	record SeedContact(long contactUserId, SeedUser user) {
	}

	record GetContactsResponse(List<SeedContact> contacts) {
	}

	private final Activation activation;

	private final AccessTokens tokens;

	private final Contacts contacts;

	SeedAuthController(Activation activation, AccessTokens tokens, Contacts contacts) {
		this.activation = activation;
		this.tokens = tokens;
		this.contacts = contacts;
	}

	@PostMapping("/getcode")
	GetCodeResponse getCode(@Valid @RequestBody GetCodeRequest request, HttpServletRequest http) {
		CodeIssued issued = this.activation.requestCode(request.mobile(), http.getRemoteAddr());
		return new GetCodeResponse(request.mobile(), issued.code());
	}

	@PostMapping("/login")
	LoginResponse login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		LoggedIn login = this.activation.login(request.mobile(), request.activationCode(), "seed client",
				http.getRemoteAddr());
		return new LoginResponse(login.accessToken(), login.userId());
	}

	@PostMapping("/getcontacts")
	GetContactsResponse getContacts(@Valid @RequestBody GetContactsRequest request) {
		Principal principal = this.tokens.authenticate(request.accessToken());
		return new GetContactsResponse(this.contacts.list(principal)
			.stream()
			.filter(ContactView::registered)
			.map((contact) -> new SeedContact(contact.userId(),
					new SeedUser(contact.userId(), contact.phone(), contact.displayName())))
			.toList());
	}

}
