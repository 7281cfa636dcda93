package dev.parley.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import dev.parley.ParleyNode;
import dev.parley.TestApi;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With DEBUG and TRACE on the loggers of the web stack, WebSocket, Kafka, JDBC, the HTTP
 * client and Parley itself, a node that delivers codes through an SMS gateway runs
 * sign-up, login, Parley's and the seed's WebSocket (token in the URL) and REST sends:
 * neither its log nor Tomcat's access log holds an access token, activation code or
 * message body.
 */
@Tag("integration")
@Timeout(180)
@ExtendWith(OutputCaptureExtension.class)
class SecretsInLogsIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final BlockingQueue<JsonNode> sms = new LinkedBlockingQueue<>();

	private HttpServer gateway;

	@TempDir
	Path dataDir;

	@BeforeEach
	void startGateway() throws IOException {
		this.gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.gateway.createContext("/sms", (exchange) -> {
			this.sms.add(JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
			exchange.sendResponseHeaders(202, -1);
			exchange.close();
		});
		this.gateway.start();
	}

	@AfterEach
	void stopGateway() {
		this.gateway.stop(0);
	}

	@Test
	void logsNoTokenCodeOrBodyAtDebug(CapturedOutput output) throws Exception {
		String smsUrl = "http://127.0.0.1:" + this.gateway.getAddress().getPort() + "/sms";
		try (ParleyNode node = ParleyNode.start(this.dataDir, "parley.accounts.code-delivery=http",
				"parley.accounts.sms.url=" + smsUrl, "logging.level.org.springframework.web=TRACE",
				"logging.level.org.springframework.http=TRACE", "logging.level.org.springframework.web.socket=TRACE",
				"logging.level.org.springframework.web.client=TRACE", "logging.level.org.apache.coyote=DEBUG",
				"logging.level.org.apache.tomcat.websocket=DEBUG", "logging.level.org.apache.catalina.connector=DEBUG",
				"logging.level.org.springframework.kafka=TRACE",
				"logging.level.org.apache.kafka.clients.producer=TRACE", "logging.level.org.springframework.jdbc=TRACE",
				"logging.level.dev.parley=TRACE", "server.tomcat.accesslog.enabled=true",
				"server.tomcat.accesslog.buffered=false",
				"server.tomcat.accesslog.directory=" + this.dataDir.resolve("access").toAbsolutePath())) {
			TestApi api = TestApi.anonymous(node.port());
			String annPhone = TestUsers.randomPhone();
			api.post("/api/v1/auth/code", Map.of("phone", annPhone));
			String annCode = this.sms.poll(20, TimeUnit.SECONDS).path("code").asString();
			TestApi.Response annLogin = api.post("/api/v1/auth/login", Map.of("phone", annPhone, "code", annCode));
			String annToken = annLogin.body().path("accessToken").asString();
			long annId = annLogin.body().path("userId").asLong();

			String bobPhone = "0" + (100_000_000 + (long) (Math.random() * 800_000_000));
			api.postRaw("/api/auth/getcode", "{\"mobile\":\"" + bobPhone + "\"}");
			String bobCode = this.sms.poll(20, TimeUnit.SECONDS).path("code").asString();
			TestApi.Response bobLogin = api.postRaw("/api/auth/login",
					"{\"mobile\":\"" + bobPhone + "\",\"activationCode\":\"" + bobCode + "\"}");
			String bobToken = bobLogin.body().path("accessToken").asString();
			long bobId = bobLogin.body().path("userId").asLong();

			String toBob = "body-" + UUID.randomUUID();
			String toAnn = "body-" + UUID.randomUUID();
			try (TestClient ann = TestClient.ready(node.port(), annToken);
					TestClient bob = TestClient.connectTo(node.port(), "/messaging?accessToken=" + bobToken)) {
				ann.send(Map.of("type", "send", "id", "s-1", "to", bobId, "body", toBob));
				Awaitility.await().until(() -> bob.texts().stream().anyMatch((text) -> text.contains(toBob)));
				api.postRaw("/api/message/send-message", "{\"accessToken\":\"" + bobToken + "\",\"sendTo\":\"" + annId
						+ "\",\"msg\":\"" + toAnn + "\"}");
				ann.await((frame) -> toAnn.equals(frame.path("body").asString()));
			}
			assertThat(annToken).isNotBlank();
			assertThat(bobToken).isNotBlank();
			assertThat(output.getAll()).contains("DEBUG");
			String accessLog;
			try (Stream<Path> files = Files.list(this.dataDir.resolve("access"))) {
				accessLog = files.map(SecretsInLogsIntegrationTest::read).collect(Collectors.joining());
			}
			assertThat(accessLog).contains("/messaging").contains("/api/v1/auth/login");
			for (String secret : List.of(annToken, bobToken, annCode, bobCode, toBob, toAnn)) {
				assertThat(output.getAll()).as("the log").doesNotContain(secret);
				assertThat(accessLog).as("the access log").doesNotContain(secret);
			}
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
