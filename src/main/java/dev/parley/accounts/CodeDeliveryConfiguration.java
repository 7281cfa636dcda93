package dev.parley.accounts;

import java.net.http.HttpClient;
import java.util.Arrays;
import java.util.Map;

import dev.parley.accounts.AccountsProperties.CodeDelivery;
import dev.parley.accounts.AccountsProperties.Sms;
import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Picks the {@link CodeSender} for {@code parley.accounts.code-delivery}:
 * {@code response} (the code comes back in the API response, as the seed did) or
 * {@code http} (posted to an SMS gateway). Production must not hand codes to whoever
 * asks, so {@code response} is refused at startup when the {@code cluster} profile is
 * active, and {@code http} without a gateway URL is refused always. With {@code response}
 * the server listens on loopback unless told otherwise ({@link ListenAddress}).
 */
@Configuration(proxyBeanMethods = false)
class CodeDeliveryConfiguration {

	private static final Logger log = LoggerFactory.getLogger(CodeDeliveryConfiguration.class);

	@Bean
	CodeSender codeSender(AccountsProperties properties, Environment environment) {
		if (properties.codeDelivery() == CodeDelivery.RESPONSE) {
			if (Arrays.asList(environment.getActiveProfiles()).contains("cluster")) {
				throw new IllegalStateException("parley.accounts.code-delivery=response returns activation codes "
						+ "to whoever asks and is refused with the cluster profile; set "
						+ "parley.accounts.code-delivery=http and parley.accounts.sms.url");
			}
			return (phone, code) -> true;
		}
		Sms sms = properties.sms();
		if (sms.url() == null) {
			throw new IllegalStateException(
					"parley.accounts.code-delivery=http needs the SMS gateway's URL in parley.accounts.sms.url");
		}
		return new HttpCodeSender(sms);
	}

	/**
	 * Listens on loopback only with {@code response} delivery unless
	 * {@code server.address} says otherwise ({@link ListenAddress}).
	 */
	@Bean
	WebServerFactoryCustomizer<ConfigurableWebServerFactory> listenAddress(AccountsProperties properties,
			Environment environment) {
		return ListenAddress.of(properties, environment);
	}

	/** Posts each code to the SMS gateway as JSON; a failure is {@code unavailable}. */
	static final class HttpCodeSender implements CodeSender {

		private final RestClient client;

		HttpCodeSender(Sms sms) {
			JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
					HttpClient.newBuilder().connectTimeout(sms.timeout()).build());
			requests.setReadTimeout(sms.timeout());
			RestClient.Builder builder = RestClient.builder().requestFactory(requests).baseUrl(sms.url().toString());
			if (sms.authorization() != null && !sms.authorization().isBlank()) {
				builder.defaultHeader(HttpHeaders.AUTHORIZATION, sms.authorization());
			}
			this.client = builder.build();
		}

		@Override
		public boolean deliver(String phone, String code) {
			try {
				this.client.post()
					.contentType(MediaType.APPLICATION_JSON)
					.body(Map.of("to", phone, "code", code, "text", "Your Parley code is " + code))
					.retrieve()
					.toBodilessEntity();
				return false;
			}
			catch (RestClientException ex) {
				log.warn("The SMS gateway refused or did not answer a code for a number: {}",
						ex.getClass().getSimpleName());
				throw new ParleyException(ErrorCode.UNAVAILABLE,
						"The activation code could not be sent; try again shortly.");
			}
		}

	}

}
