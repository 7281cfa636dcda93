package dev.parley.infra.internal;

import dev.parley.infra.ClientInput;
import org.apache.catalina.core.StandardHost;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * What every HTTP request meets before the application: the JSON body limit, and Tomcat's
 * own error responses in the problem-detail shape.
 */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

	@Bean
	FilterRegistrationBean<JsonBodyLimit> jsonBodyLimit(RequestLimits limits, ClientInput input) {
		FilterRegistrationBean<JsonBodyLimit> registration = new FilterRegistrationBean<>(
				new JsonBodyLimit(limits.maxJsonBody().toBytes(), input.mapper()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	/**
	 * Installs {@link ProblemErrorValve} as the host's error report valve, before Tomcat
	 * starts (the host adds its HTML {@code ErrorReportValve} only when none of the
	 * configured class is present).
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(ClientInput input) {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				ProblemErrorValve valve = new ProblemErrorValve(input.mapper());
				host.setErrorReportValveClass(ProblemErrorValve.class.getName());
				host.getPipeline().addValve(valve);
			}
		});
	}

}
