package dev.parley.accounts;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Parley's v1 activation, login and profile API. */
@RestController
@RequestMapping("/api/v1")
class AuthController {

	record CodeRequest(@NotBlank @Size(max = 32) String phone) {
	}

	record LoginRequest(@NotBlank @Size(max = 32) String phone, @NotBlank @Size(max = 16) String code,
			@Size(max = 64) String deviceName) {
	}

	private final Activation activation;

	private final Users users;

	AuthController(Activation activation, Users users) {
		this.activation = activation;
		this.users = users;
	}

	@PostMapping("/auth/code")
	CodeIssued requestCode(@Valid @RequestBody CodeRequest request) {
		return this.activation.requestCode(request.phone());
	}

	@PostMapping("/auth/login")
	LoggedIn login(@Valid @RequestBody LoginRequest request) {
		return this.activation.login(request.phone(), request.code(), request.deviceName());
	}

	@GetMapping("/me")
	UserView me(Principal principal) {
		return this.users.find(principal.userId())
			.orElseThrow(() -> new ParleyException(ErrorCode.UNAUTHENTICATED, "The user no longer exists."));
	}

}
