package dev.parley.gateway;

import dev.parley.accounts.AccessTokens;
import dev.parley.conversations.Conversations;
import dev.parley.messaging.Messaging;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** Registers {@code /ws} and sizes the container's frame buffers. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

	private final V1SocketHandler handler;

	private final AccessTokens tokens;

	private final GatewayProperties properties;

	WebSocketConfiguration(Gateway gateway, AccessTokens tokens, Messaging messaging, Conversations conversations,
			Resumer resumer, Signals signals, GatewayProperties properties, GatewayScheduler scheduler, JsonMapper json,
			MeterRegistry meters) {
		this.handler = new V1SocketHandler(gateway, tokens, messaging, conversations, resumer, signals, properties,
				scheduler, json, meters);
		this.tokens = tokens;
		this.properties = properties;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		var registration = registry.addHandler(this.handler, "/ws")
			.addInterceptors(new HandshakeAuthenticator(this.tokens));
		if (!this.properties.allowedOrigins().isEmpty()) {
			registration.setAllowedOriginPatterns(this.properties.allowedOrigins().toArray(String[]::new));
		}
	}

	/**
	 * The container's frame limit. A factory bean is created early (while beans are still
	 * being found), so it reads the one setting it needs straight from the environment.
	 */
	@Bean
	static ServletServerContainerFactoryBean webSocketContainer(Environment environment) {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		int max = (int) Binder.get(environment)
			.bind("parley.gateway.max-frame-size", DataSize.class)
			.orElse(DataSize.ofKilobytes(64))
			.toBytes();
		container.setMaxTextMessageBufferSize(max);
		container.setMaxBinaryMessageBufferSize(max);
		return container;
	}

}
