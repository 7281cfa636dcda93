package dev.parley.gateway;

import dev.parley.accounts.AccessTokens;
import dev.parley.conversations.Conversations;
import dev.parley.gateway.internal.InlineNioProtocol;
import dev.parley.infra.ClientInput;
import dev.parley.messaging.Messaging;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
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

	private static final String TOMCAT_WEBSOCKET_BUFFER = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

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
	 * Tomcat's own per-connection buffers: the socket's read and write buffers, and the
	 * WebSocket frame buffers, whose size Tomcat reads once per JVM from a system
	 * property (an explicit {@code -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE}
	 * wins). This runs before Tomcat starts, hence before that property is read.
	 */
	@Bean
	static WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> tomcatSocketBuffers(Environment environment) {
		int size = socketBufferSize(environment);
		return (factory) -> {
			if (System.getProperty(TOMCAT_WEBSOCKET_BUFFER) == null) {
				System.setProperty(TOMCAT_WEBSOCKET_BUFFER, String.valueOf(size));
			}
			factory.addConnectorCustomizers((connector) -> {
				connector.setProperty("socket.appReadBufSize", String.valueOf(size));
				connector.setProperty("socket.appWriteBufSize", String.valueOf(size));
			});
		};
	}

	/**
	 * Tomcat's NIO protocol, minus the hand-off of each WebSocket send's completion to a
	 * pooled worker and, unless {@code parley.gateway.inline-reads=false}, of each
	 * WebSocket read ({@link InlineNioProtocol});
	 * {@code parley.gateway.inline-send-completions=false} keeps Tomcat's own protocol
	 * (and so both hand-offs).
	 */
	@Bean
	static WebServerFactoryCustomizer<TomcatWebServerFactory> tomcatInlineSendCompletions(Environment environment) {
		Binder binder = Binder.get(environment);
		boolean inline = binder.bind("parley.gateway.inline-send-completions", Boolean.class).orElse(true);
		boolean reads = binder.bind("parley.gateway.inline-reads", Boolean.class).orElse(true);
		return (factory) -> {
			if (inline) {
				factory.setProtocol(InlineNioProtocol.class.getName());
				factory.addConnectorCustomizers(
						(connector) -> connector.setProperty("inlineReads", String.valueOf(reads)));
			}
		};
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
