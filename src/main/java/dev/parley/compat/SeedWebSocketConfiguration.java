package dev.parley.compat;

import dev.parley.accounts.AccessTokens;
import dev.parley.gateway.Gateway;
import dev.parley.gateway.GatewayProperties;
import dev.parley.gateway.SocketPermits;
import dev.parley.infra.ClientInput;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** Registers the seed's {@code /messaging} socket. */
@Configuration(proxyBeanMethods = false)
class SeedWebSocketConfiguration implements WebSocketConfigurer {

	private final SeedSocketHandler handler;

	private final SocketPermits permits;

	SeedWebSocketConfiguration(SocketPermits permits, AccessTokens tokens, Gateway gateway, SeedMessaging messaging,
			JsonMapper json, ClientInput input, GatewayProperties properties) {
		this.handler = new SeedSocketHandler(tokens, gateway, messaging, json, input, properties);
		this.permits = permits;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(this.handler, "/messaging").addInterceptors(this.permits, this.handler);
	}

}
