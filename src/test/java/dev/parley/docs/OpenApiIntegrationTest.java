package dev.parley.docs;

import java.util.List;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI description covers the v1 API and the seed's, with bearer auth. */
@ParleyIntegrationTest
class OpenApiIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void describesEveryApi() {
		TestApi.Response docs = TestApi.anonymous(this.port).get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		JsonNode paths = docs.body().path("paths");
		assertThat(paths.propertyNames()).contains("/api/v1/auth/code", "/api/v1/auth/login", "/api/v1/auth/logout",
				"/api/v1/me", "/api/v1/devices", "/api/v1/devices/{deviceId}", "/api/v1/contacts",
				"/api/v1/contacts/{phone}", "/api/v1/contacts/sync", "/api/v1/blocks/{userId}", "/api/v1/conversations",
				"/api/v1/conversations/{id}/messages", "/api/auth/getcode", "/api/auth/getcontacts");
		List<String> meParameters = paths.path("/api/v1/me")
			.path("get")
			.path("parameters")
			.valueStream()
			.map((p) -> p.path("name").asString())
			.toList();
		assertThat(meParameters).as("the principal is the bearer token, not a parameter").isEmpty();
		assertThat(docs.body().path("components").path("securitySchemes").path("bearer").path("scheme").asString())
			.isEqualTo("bearer");
		JsonNode sent = paths.path("/api/v1/conversations/{id}/messages").path("post").path("responses").path("201");
		assertThat(sent.path("content").findValue("$ref").asString())
			.as("an asynchronous send documents what it answers, not the future")
			.endsWith("/Acknowledged");
		String page = RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/swagger-ui/index.html")
			.retrieve()
			.body(String.class);
		assertThat(page).contains("swagger-ui");
	}

}
