package dev.parley.accounts;

import java.util.List;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Parley's v1 activation, login, profile and device API. */
@RestController
@RequestMapping("/api/v1")
class AuthController {

	record CodeRequest(@NotBlank @Size(max = 32) String phone) {
	}

	record LoginRequest(@NotBlank @Size(max = 32) String phone, @NotBlank @Size(max = 16) String code,
			@Size(max = 64) String deviceName) {
	}

	record ProfileChange(@NotNull @Size(max = 200) String displayName) {
	}

	private final Activation activation;

	private final Users users;

	private final Devices devices;

	AuthController(Activation activation, Users users, Devices devices) {
		this.activation = activation;
		this.users = users;
		this.devices = devices;
	}

	@PostMapping("/auth/code")
	CodeIssued requestCode(@Valid @RequestBody CodeRequest request, HttpServletRequest http) {
		return this.activation.requestCode(request.phone(), http.getRemoteAddr());
	}

	@PostMapping("/auth/login")
	LoggedIn login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		return this.activation.login(request.phone(), request.code(), request.deviceName(), http.getRemoteAddr());
	}

	@PostMapping("/auth/logout")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void logout(Principal principal) {
		this.devices.revoke(principal, principal.deviceId());
	}

	@GetMapping("/me")
	UserView me(Principal principal) {
		return this.users.find(principal.userId())
			.orElseThrow(() -> new ParleyException(ErrorCode.UNAUTHENTICATED, "The user no longer exists."));
	}

	@PatchMapping("/me")
	UserView changeProfile(Principal principal, @Valid @RequestBody ProfileChange change) {
		return this.users.rename(principal.userId(), change.displayName());
	}

	@GetMapping("/devices")
	List<DeviceView> devices(Principal principal) {
		return this.devices.list(principal);
	}

	@DeleteMapping("/devices/{deviceId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revoke(Principal principal, @PathVariable long deviceId) {
		this.devices.revoke(principal, deviceId);
	}

}
