package dev.parley.gateway;

import dev.parley.accounts.AccessTokens;
import dev.parley.conversations.Conversations;
import dev.parley.infra.ClientInput;
import dev.parley.messaging.Messaging;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** Registers {@code /ws} and sizes the container's per-connection buffers. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

	/** Binary messages close the socket (1003); the buffer only has to exist. */
	private static final int BINARY_BUFFER = 128;

	private final V1SocketHandler handler;

	private final AccessTokens tokens;

	private final GatewayProperties properties;

	private final SocketPermits permits;

	WebSocketConfiguration(SocketPermits permits, Gateway gateway, AccessTokens tokens, Messaging messaging,
			Conversations conversations, Resumer resumer, Signals signals, GatewayProperties properties,
			GatewayScheduler scheduler, JsonMapper json, ClientInput input, MeterRegistry meters) {
		this.handler = new V1SocketHandler(gateway, tokens, messaging, conversations, resumer, signals, properties,
				scheduler, json, input, meters);
		this.tokens = tokens;
		this.properties = properties;
		this.permits = permits;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		var registration = registry.addHandler(this.handler, "/ws")
			.addInterceptors(this.permits, new HandshakeAuthenticator(this.tokens));
		if (!this.properties.allowedOrigins().isEmpty()) {
			registration.setAllowedOriginPatterns(this.properties.allowedOrigins().toArray(String[]::new));
		}
	}

	/**
	 * The container's per-session message buffers. They are allocated for every
	 * connection and held while it is open, so they are kept small: a message that does
	 * not fit arrives in parts, which {@link WholeFrameHandler} assembles up to the frame
	 * limit. Binary messages are refused anyway. A factory bean is created early (while
	 * beans are still being found), so it reads its settings straight from the
	 * environment.
	 */
	@Bean
	static ServletServerContainerFactoryBean webSocketContainer(Environment environment) {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		container.setMaxTextMessageBufferSize(Math.max(1, socketBufferSize(environment) / 2));
		container.setMaxBinaryMessageBufferSize(BINARY_BUFFER);
		return container;
	}

	/**
	 * The connector's per-connection socket buffers, through its documented
	 * {@code socket.appReadBufSize} and {@code socket.appWriteBufSize} attributes.
	 * Tomcat's WebSocket frame buffers are sized by the JVM's
	 * {@code -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE} alone, which only the
	 * command line sets (docs/OPERATIONS.md).
	 */
	@Bean
	static WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> tomcatSocketBuffers(Environment environment) {
		int size = socketBufferSize(environment);
		return (factory) -> factory.addConnectorCustomizers((connector) -> {
			connector.setProperty("socket.appReadBufSize", String.valueOf(size));
			connector.setProperty("socket.appWriteBufSize", String.valueOf(size));
		});
	}

	private static int socketBufferSize(Environment environment) {
		long size = Binder.get(environment)
			.bind("parley.gateway.socket-buffer-size", DataSize.class)
			.orElse(DataSize.ofKilobytes(1))
			.toBytes();
		if (size < 256 || size > 1024 * 1024) {
			throw new IllegalStateException("parley.gateway.socket-buffer-size must be between 256B and 1MB");
		}
		return (int) size;
	}

}
