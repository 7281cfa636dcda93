package dev.parley.accounts;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.parley.ParleyNode;
import dev.parley.TestApi;
import dev.parley.TestApi.Response;
import dev.parley.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code http} code delivery against a stand-in SMS gateway (the one thing that cannot
 * run here): the code goes to the gateway and never into the response; a failing gateway
 * is {@code unavailable}. And the startup guards: {@code response} delivery is refused
 * with the cluster profile, {@code http} without a URL always.
 */
@Tag("integration")
@Timeout(180)
class SmsCodeDeliveryIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final BlockingQueue<JsonNode> sent = new LinkedBlockingQueue<>();

	private static final AtomicInteger failNext = new AtomicInteger();

	private static final BlockingQueue<String> authorizations = new LinkedBlockingQueue<>();

	private static HttpServer gateway;

	@TempDir
	static Path dir;

	@BeforeAll
	static void startGateway() throws IOException {
		gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		gateway.createContext("/sms", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
			int status = (failNext.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) ? 500 : 202;
			if (status == 202) {
				sent.add(JSON.readTree(new String(body, StandardCharsets.UTF_8)));
			}
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		gateway.start();
	}

	@AfterAll
	static void stopGateway() {
		gateway.stop(0);
	}

	@Test
	void sendsCodesToTheGatewayAndNeverInTheResponse() throws InterruptedException {
		String url = "http://127.0.0.1:" + gateway.getAddress().getPort() + "/sms";
		try (ParleyNode node = ParleyNode.start(dir.resolve("http"), "parley.accounts.code-delivery=http",
				"parley.accounts.sms.url=" + url, "parley.accounts.sms.authorization=Bearer gateway-secret")) {
			TestApi api = TestApi.anonymous(node.port());
			String phone = TestUsers.randomPhone();
			Response issued = api.post("/api/v1/auth/code", Map.of("phone", phone));
			assertThat(issued.status()).isEqualTo(200);
			assertThat(issued.body().has("code")).isFalse();
			JsonNode sms = sent.poll(10, TimeUnit.SECONDS);
			assertThat(sms.path("to").asString()).isEqualTo(phone);
			assertThat(sms.path("code").asString()).matches("[0-9]{6}");
			assertThat(sms.path("text").asString()).contains(sms.path("code").asString());
			assertThat(authorizations.poll()).isEqualTo("Bearer gateway-secret");
			Response login = api.post("/api/v1/auth/login",
					Map.of("phone", phone, "code", sms.path("code").asString()));
			assertThat(login.status()).isEqualTo(200);

			String seedPhone = "0" + (100_000_000 + (long) (Math.random() * 800_000_000));
			Response seed = api.postRaw("/api/auth/getcode", "{\"mobile\":\"" + seedPhone + "\"}");
			assertThat(seed.status()).isEqualTo(200);
			assertThat(seed.body().has("activationCode")).isFalse();
			assertThat(sent.poll(10, TimeUnit.SECONDS).path("to").asString()).isEqualTo(seedPhone);

			failNext.set(1);
			Response failed = api.post("/api/v1/auth/code", Map.of("phone", TestUsers.randomPhone()));
			assertThat(failed.status()).isEqualTo(503);
			assertThat(failed.code()).isEqualTo("unavailable");
		}
	}

	@Test
	void refusesResponseDeliveryInTheClusterProfileAndHttpWithoutAUrl() {
		assertThatThrownBy(() -> ParleyNode.start(dir.resolve("cluster"), "spring.profiles.active=cluster",
				"parley.kafka.replication-factor=1", "parley.kafka.min-insync-replicas=1"))
			.hasStackTraceContaining("parley.accounts.code-delivery=response");
		assertThatThrownBy(() -> ParleyNode.start(dir.resolve("no-url"), "parley.accounts.code-delivery=http"))
			.hasStackTraceContaining("parley.accounts.sms.url");
	}

}
