package dev.parley.infra.internal;

import dev.parley.infra.ConnectionPermits;
import dev.parley.infra.ConnectionSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The HTTP server's protections: its browser security headers
 * ({@link SecurityHeadersFilter}). Bounds the connections of the HTTP server
 * ({@link ConnectionBudget}) and of each client address ({@link ConnectionPermits},
 * {@link AddressLimitFilter}), and logs the limits in force at startup.
 */
@Configuration(proxyBeanMethods = false)
class HttpServerProtections {

	private static final Logger log = LoggerFactory.getLogger(HttpServerProtections.class);

	@Bean
	ConnectionBudget connectionBudget(ConnectionSettings settings) {
		ConnectionBudget budget = ConnectionBudget.of(ConnectionBudget.processFileLimit(), settings.max());
		log.info(
				"Accepting at most {} connections, {} of them WebSockets, {} per client address ({}; open-file "
						+ "limit {})",
				budget.maxConnections(), budget.sockets(), settings.perAddress(),
				(settings.max() > 0) ? "parley.connections.max" : "derived from the open-file limit",
				(budget.fileLimit() > 0) ? budget.fileLimit() : "unknown");
		return budget;
	}

	@Bean
	ConnectionPermits connectionPermits(ConnectionBudget budget, ConnectionSettings settings, MeterRegistry meters) {
		return new ConnectionPermits(settings.perAddress(), budget.sockets(), meters);
	}

	/**
	 * Sets Tomcat's documented {@code maxConnections} connector attribute; runs after
	 * Spring Boot's own customizer, so it wins over
	 * {@code server.tomcat.max-connections}.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatWebServerFactory> tomcatMaxConnections(ConnectionBudget budget) {
		return new WebServerFactoryCustomizer<>() {

			@Override
			public void customize(TomcatWebServerFactory factory) {
				factory.addConnectorCustomizers((connector) -> connector.setProperty("maxConnections",
						String.valueOf(budget.maxConnections())));
			}

		};
	}

	@Bean
	FilterRegistrationBean<AddressLimitFilter> addressLimitFilter(ConnectionPermits permits, JsonMapper json) {
		FilterRegistrationBean<AddressLimitFilter> registration = new FilterRegistrationBean<>(
				new AddressLimitFilter(permits, json));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
		FilterRegistrationBean<SecurityHeadersFilter> registration = new FilterRegistrationBean<>(
				new SecurityHeadersFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

}
