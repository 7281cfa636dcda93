package dev.parley.accounts;

import java.net.InetAddress;

import dev.parley.accounts.AccountsProperties.CodeDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.env.Environment;

/**
 * Where the server listens, given how activation codes are delivered. With
 * {@code response} delivery whoever can reach the server can sign in as any phone number,
 * so unless {@code server.address} is set the server listens on the loopback address
 * only, and says so at startup; with {@code server.address} set to another address it
 * listens there and warns. With {@code http} delivery, Spring Boot's default (every
 * interface) is kept.
 */
final class ListenAddress implements WebServerFactoryCustomizer<ConfigurableWebServerFactory> {

	private static final Logger log = LoggerFactory.getLogger(ListenAddress.class);

	private final CodeDelivery delivery;

	private final InetAddress configured;

	ListenAddress(CodeDelivery delivery, InetAddress configured) {
		this.delivery = delivery;
		this.configured = configured;
	}

	static ListenAddress of(AccountsProperties properties, Environment environment) {
		InetAddress configured = Binder.get(environment).bind("server.address", InetAddress.class).orElse(null);
		return new ListenAddress(properties.codeDelivery(), configured);
	}

	/** The address to listen on, or {@code null} for Spring Boot's own choice. */
	InetAddress address() {
		if (this.delivery == CodeDelivery.RESPONSE && this.configured == null) {
			return InetAddress.getLoopbackAddress();
		}
		return this.configured;
	}

	/** Whether codes go to whoever can reach a non-loopback address. */
	boolean exposesCodes() {
		InetAddress address = address();
		return this.delivery == CodeDelivery.RESPONSE && address != null && !address.isLoopbackAddress();
	}

	@Override
	public void customize(ConfigurableWebServerFactory factory) {
		if (this.delivery != CodeDelivery.RESPONSE) {
			return;
		}
		if (this.configured == null) {
			factory.setAddress(address());
			log.info(
					"Listening on {} only: activation codes come back in API responses "
							+ "(parley.accounts.code-delivery=response); set server.address to listen elsewhere",
					address().getHostAddress());
		}
		else if (exposesCodes()) {
			log.warn(
					"Activation codes come back in API responses (parley.accounts.code-delivery=response) and the "
							+ "server listens on {}: anyone who can reach it can sign in as any phone number",
					this.configured.getHostAddress());
		}
	}

}
