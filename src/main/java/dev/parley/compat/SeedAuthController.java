package dev.parley.compat;

import dev.parley.accounts.Activation;
import dev.parley.accounts.CodeIssued;
import dev.parley.accounts.LoggedIn;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The seed's {@code /api/auth/getcode} and {@code /api/auth/login}, with its JSON shapes.
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

	private final Activation activation;

	SeedAuthController(Activation activation) {
		this.activation = activation;
	}

	@PostMapping("/getcode")
	GetCodeResponse getCode(@Valid @RequestBody GetCodeRequest request) {
		CodeIssued issued = this.activation.requestCode(request.mobile());
		return new GetCodeResponse(request.mobile(), issued.code());
	}

	@PostMapping("/login")
	LoginResponse login(@Valid @RequestBody LoginRequest request) {
		LoggedIn login = this.activation.login(request.mobile(), request.activationCode(), "seed client");
		return new LoginResponse(login.accessToken(), login.userId());
	}

}
