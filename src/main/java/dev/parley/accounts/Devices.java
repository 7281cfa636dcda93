package dev.parley.accounts;

import java.util.List;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import dev.parley.infra.ControlBus;
import dev.parley.infra.ControlMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A user's signed-in devices: list, log out, revoke. Revocation takes effect on this node
 * at once (the token leaves the cache and {@link DeviceRevoked} closes the device's
 * sockets) and on every other node as soon as it reads the notice on the control topic.
 * Thread-safe.
 */
@Component
public class Devices {

	private static final Logger log = LoggerFactory.getLogger(Devices.class);

	static final String REVOKED = "device-revoked";

	private final DeviceStore store;

	private final AccessTokens tokens;

	private final ControlBus control;

	private final ApplicationEventPublisher events;

	Devices(DeviceStore store, AccessTokens tokens, ControlBus control, ApplicationEventPublisher events) {
		this.store = store;
		this.tokens = tokens;
		this.control = control;
		this.events = events;
	}

	public List<DeviceView> list(Principal principal) {
		return this.store.list(principal.userId(), principal.deviceId());
	}

	/**
	 * Revokes one of the user's devices (their own, to log out, or another).
	 * @throws ParleyException {@code not_found} when the user has no such signed-in
	 * device
	 */
	public void revoke(Principal principal, long deviceId) {
		if (!this.store.revoke(principal.userId(), deviceId)) {
			throw new ParleyException(ErrorCode.NOT_FOUND, "You have no signed-in device " + deviceId + ".");
		}
		log.info("User {} revoked device {}", principal.userId(), deviceId);
		forgetHere(principal.userId(), deviceId);
		this.control.publish(REVOKED, principal.userId() + ":" + deviceId);
	}

	@EventListener
	void on(ControlMessage message) {
		if (!REVOKED.equals(message.kind())) {
			return;
		}
		String[] ids = message.payload().split(":");
		forgetHere(Long.parseLong(ids[0]), Long.parseLong(ids[1]));
	}

	private void forgetHere(long userId, long deviceId) {
		this.tokens.forget(deviceId);
		this.events.publishEvent(new DeviceRevoked(userId, deviceId));
	}

}
