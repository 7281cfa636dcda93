package dev.parley.messaging;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * REST and seed sends answer asynchronously, when their event comes back or the reply
 * timeout runs out; the container's own timeout for such a request (30 s in Tomcat) must
 * not cut in first, so it is set a little beyond the reply timeout.
 */
@Configuration(proxyBeanMethods = false)
class AsyncSendsConfiguration implements WebMvcConfigurer {

	private final MessagingProperties properties;

	AsyncSendsConfiguration(MessagingProperties properties) {
		this.properties = properties;
	}

	@Override
	public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
		configurer.setDefaultTimeout(this.properties.replyTimeout().toMillis() + 5000);
	}

}
