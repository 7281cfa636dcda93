package dev.parley.gateway;

import java.time.Instant;
import java.util.Map;

import dev.parley.accounts.DeviceRevoked;
import dev.parley.accounts.Principal;
import dev.parley.infra.NodeIdentity;
import dev.parley.messaging.EventHistory;
import dev.parley.messaging.MessagingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketSession;

/**
 * Opens and closes client sessions on this node, for Parley's v1 handler and for other
 * protocols (the seed's), each with its {@link Dialect}. Closes every session of a
 * revoked device with 4403. Thread-safe.
 */
@Component
public class Gateway {

	private static final String SESSION = ClientSession.class.getName();

	private final SessionRegistry sessions;

	private final EventHistory history;

	private final DeliveredTracker delivered;

	private final GatewayProperties properties;

	private final Resumer resumer;

	private final Signals signals;

	private final NodeIdentity node;

	private final JsonMapper json;

	private final GatewayScheduler scheduler;

	private final MeterRegistry meters;

	private final int maxBodyLength;

	Gateway(SessionRegistry sessions, EventHistory history, DeliveredTracker delivered, GatewayProperties properties,
			Resumer resumer, Signals signals, NodeIdentity node, JsonMapper json, GatewayScheduler scheduler,
			MeterRegistry meters, MessagingProperties messaging) {
		this.sessions = sessions;
		this.history = history;
		this.delivered = delivered;
		this.properties = properties;
		this.resumer = resumer;
		this.signals = signals;
		this.node = node;
		this.json = json;
		this.scheduler = scheduler;
		this.meters = meters;
		this.maxBodyLength = messaging.maxBodyLength();
	}

	/**
	 * Opens an authenticated session of another protocol and replays what the user has
	 * not received yet (from their delivered positions), then goes live.
	 */
	public void open(WebSocketSession socket, Principal principal, Dialect dialect) {
		ClientSession session = attach(socket, dialect);
		authenticate(session, principal);
		this.resumer.resume(session, Map.of());
	}

	/**
	 * Forgets a closed socket's session and gives back its {@link SocketPermits} permit.
	 */
	public void closed(WebSocketSession socket) {
		SocketPermits.release(socket);
		ClientSession session = (ClientSession) socket.getAttributes().get(SESSION);
		if (session != null && this.sessions.remove(session)) {
			this.signals.presence(session.principal().userId(), false);
		}
	}

	/** Queues a text frame on an open session (never blocks). */
	public void send(WebSocketSession socket, String frame) {
		ClientSession session = sessionOf(socket);
		if (session != null) {
			session.send(frame);
		}
	}

	ClientSession attach(WebSocketSession socket, Dialect dialect) {
		ClientSession session = new ClientSession(socket, dialect, this.history, this.delivered, this.properties,
				() -> closed(socket), this.scheduler.closeExecutor(), this.meters);
		socket.getAttributes().put(SESSION, session);
		return session;
	}

	static ClientSession sessionOf(WebSocketSession socket) {
		return (ClientSession) socket.getAttributes().get(SESSION);
	}

	void authenticate(ClientSession session, Principal principal) {
		session.authenticated(principal);
		if (this.sessions.add(session)) {
			this.signals.presence(principal.userId(), true);
		}
		if (session.dialect().liveSignals()) {
			session.send(this.json.writeValueAsString(new ServerFrames.Ready(principal.userId(), principal.deviceId(),
					this.node.id(), Instant.now(), this.maxBodyLength)));
		}
	}

	@EventListener
	void on(DeviceRevoked revoked) {
		for (ClientSession session : this.sessions.sessionsOf(revoked.userId())) {
			if (session.principal().deviceId() == revoked.deviceId()) {
				session.close(CloseCode.REVOKED);
			}
		}
	}

}
