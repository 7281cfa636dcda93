package dev.parley.accounts;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.parley.MutableClock;
import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestApi.Response;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Activation, login, tokens and devices over the v1 API, with a clock the test moves:
 * every rule and its bad inputs. Each test starts in fresh rate-limit windows.
 */
@ParleyIntegrationTest
@TestPropertySource(properties = { "parley.accounts.codes-per-address=12", "parley.accounts.logins-per-address=20" })
class AccountsIntegrationTest {

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock();
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	TestApi anonymous;

	@BeforeEach
	void freshWindows() {
		this.clock.advance(Duration.ofHours(2));
		this.anonymous = TestApi.anonymous(this.port);
	}

	@Test
	void firstLoginCreatesTheUserAndEachLoginIsADevice() {
		String phone = TestUsers.randomPhone();
		JsonNode issued = requestCode(phone).body();
		assertThat(issued.path("phone").asString()).isEqualTo(phone);
		assertThat(issued.path("code").asString()).matches("[0-9]{6}");
		assertThat(issued.path("expiresAt").asString()).isNotEmpty();
		Response first = login(phone, issued.path("code").asString(), "laptop");
		assertThat(first.status()).isEqualTo(200);
		String token = first.body().path("accessToken").asString();
		assertThat(token).matches("[A-Za-z0-9_-]{43}");

		JsonNode me = TestApi.as(this.port, token).get("/api/v1/me").body();
		assertThat(me.path("userId").asLong()).isEqualTo(first.body().path("userId").asLong());
		assertThat(me.path("phone").asString()).isEqualTo(phone);
		assertThat(me.has("displayName")).isFalse();
		assertThat(me.path("createdAt").asString()).isNotEmpty();

		Response second = login(phone, requestCode(phone).body().path("code").asString(), "phone");
		assertThat(second.body().path("userId").asLong()).isEqualTo(first.body().path("userId").asLong());
		assertThat(second.body().path("deviceId").asLong()).isNotEqualTo(first.body().path("deviceId").asLong());
		assertThat(second.body().path("accessToken").asString()).isNotEqualTo(token);

		List<String> hashes = this.jdbc.sql("SELECT token_hash FROM devices WHERE user_id = :u")
			.param("u", first.body().path("userId").asLong())
			.query(String.class)
			.list();
		assertThat(hashes).hasSize(2).doesNotContain(token).allMatch((hash) -> hash.matches("[0-9a-f]{64}"));
	}

	@Test
	void normalisesPhoneNumbersAndRefusesWhatIsNotOne() {
		String digits = "3069" + (10_000_000 + (long) (Math.random() * 89_999_999));
		String typed = "+" + digits.substring(0, 2) + " (" + digits.substring(2, 5) + ") " + digits.substring(5, 8)
				+ "-" + digits.substring(8);
		assertThat(requestCode(typed).body().path("phone").asString()).isEqualTo("+" + digits);
		for (String bad : List.of("", "   ", "abc", "12", "+1234567890123456", "12345+678", "1".repeat(33),
				"++123456")) {
			Response refused = this.anonymous.post("/api/v1/auth/code", Map.of("phone", bad));
			assertThat(refused.status()).as(bad).isEqualTo(400);
			assertThat(refused.code()).as(bad).isEqualTo("validation_failed");
		}
		assertThat(this.anonymous.postRaw("/api/v1/auth/code", "{}").code()).isEqualTo("validation_failed");
		assertThat(this.anonymous.postRaw("/api/v1/auth/code", "{\"phone\":").code()).isEqualTo("malformed_request");
		assertThat(this.anonymous.postRaw("/api/v1/auth/code", "[1,2]").status()).isEqualTo(400);
	}

	@Test
	void refusesWrongExpiredReusedAndReplacedCodes() {
		String phone = TestUsers.randomPhone();
		assertInvalid(login(phone, "123456", null), "No pending");
		String code = requestCode(phone).body().path("code").asString();
		assertInvalid(login(phone, wrong(code), null), "wrong");
		assertInvalid(login(phone, "12345", null), "6 digits");
		assertInvalid(login(phone, "abcdef", null), "6 digits");
		assertThat(login(phone, code, null).status()).isEqualTo(200);
		assertInvalid(login(phone, code, null), "No pending");

		String replaced = requestCode(phone).body().path("code").asString();
		String current = requestCode(phone).body().path("code").asString();
		if (!replaced.equals(current)) {
			assertInvalid(login(phone, replaced, null), "wrong");
		}
		this.clock.advance(Duration.ofMinutes(10).plusSeconds(1));
		assertInvalid(login(phone, current, null), "expired");

		Response missing = this.anonymous.post("/api/v1/auth/login", Map.of("phone", phone));
		assertThat(missing.code()).isEqualTo("validation_failed");
		Response oversized = this.anonymous.post("/api/v1/auth/login", Map.of("phone", phone, "code", "1".repeat(17)));
		assertThat(oversized.code()).isEqualTo("validation_failed");
	}

	@Test
	void voidsACodeAfterFiveWrongAttempts() {
		String phone = TestUsers.randomPhone();
		String code = requestCode(phone).body().path("code").asString();
		for (int i = 0; i < 5; i++) {
			assertInvalid(login(phone, wrong(code), null), "wrong");
		}
		assertInvalid(login(phone, code, null), "Too many wrong attempts");
		String fresh = requestCode(phone).body().path("code").asString();
		assertThat(login(phone, fresh, null).status()).isEqualTo(200);
	}

	@Test
	void limitsCodeRequestsPerNumberUntilTheWindowEnds() {
		String phone = TestUsers.randomPhone();
		for (int i = 0; i < 5; i++) {
			assertThat(requestCode(phone).status()).isEqualTo(200);
		}
		Response limited = this.anonymous.post("/api/v1/auth/code", Map.of("phone", phone));
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.code()).isEqualTo("rate_limited");
		assertThat(Long.parseLong(limited.headers().getFirst("Retry-After"))).isBetween(3590L, 3600L);
		assertThat(requestCode(TestUsers.randomPhone()).status()).as("another number").isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(59));
		assertThat(this.anonymous.post("/api/v1/auth/code", Map.of("phone", phone)).status()).isEqualTo(429);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(requestCode(phone).status()).isEqualTo(200);
	}

	@Test
	void limitsCodeRequestsAndLoginsPerAddress() {
		for (int i = 0; i < 12; i++) {
			assertThat(requestCode(TestUsers.randomPhone()).status()).isEqualTo(200);
		}
		Response limited = this.anonymous.post("/api/v1/auth/code", Map.of("phone", TestUsers.randomPhone()));
		assertThat(limited.code()).isEqualTo("rate_limited");
		assertThat(limited.headers().getFirst("Retry-After")).isNotNull();

		String phone = TestUsers.randomPhone();
		for (int i = 0; i < 20; i++) {
			assertThat(login(phone, "000000", null).code()).isEqualTo("invalid_code");
		}
		assertThat(login(phone, "000000", null).code()).isEqualTo("rate_limited");
		this.clock.advance(Duration.ofHours(1));
		assertThat(requestCode(phone).status()).isEqualTo(200);
	}

	@Test
	void answersUnavailableWhileTheDatabaseCannotGrantALock() throws Exception {
		assertThat(requestCode(TestUsers.randomPhone()).status()).isEqualTo(200);
		CountDownLatch locked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		// another transaction holds the address's bucket longer than H2's lock timeout
		CompletableFuture<Integer> holder = CompletableFuture.supplyAsync(() -> this.transactions.execute((status) -> {
			int rows = this.jdbc.sql("SELECT bucket FROM rate_limits WHERE bucket LIKE 'code:addr:%' FOR UPDATE")
				.query()
				.listOfRows()
				.size();
			locked.countDown();
			try {
				release.await(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return rows;
		}));
		try {
			assertThat(locked.await(1, TimeUnit.MINUTES)).isTrue();
			Response busy = this.anonymous.post("/api/v1/auth/code", Map.of("phone", TestUsers.randomPhone()));
			assertThat(busy.status()).isEqualTo(503);
			assertThat(busy.code()).isEqualTo("unavailable");
			assertThat(busy.headers().getFirst("Retry-After")).isEqualTo("1");
		}
		finally {
			release.countDown();
		}
		assertThat(holder.get(1, TimeUnit.MINUTES)).isEqualTo(1);
		assertThat(requestCode(TestUsers.randomPhone()).status()).as("once the lock is free").isEqualTo(200);
	}

	@Test
	void listsRenamesAndRevokesDevices() {
		TestUser laptop = TestUsers.signUp(this.port);
		TestUser phone = TestUsers.signUp(this.port, laptop.phone());
		TestApi onLaptop = TestApi.as(this.port, laptop.token());
		TestApi onPhone = TestApi.as(this.port, phone.token());

		List<JsonNode> devices = onLaptop.get("/api/v1/devices").body().valueStream().toList();
		assertThat(devices).extracting((d) -> d.path("deviceId").asLong())
			.containsExactly(laptop.deviceId(), phone.deviceId());
		assertThat(devices).extracting((d) -> d.path("current").asBoolean()).containsExactly(true, false);

		assertThat(onPhone.patch("/api/v1/me", Map.of("displayName", "  Ann  ")).body().path("displayName").asString())
			.isEqualTo("Ann");
		assertThat(onLaptop.get("/api/v1/me").body().path("displayName").asString()).isEqualTo("Ann");
		assertThat(onLaptop.patch("/api/v1/me", Map.of("displayName", " ")).code()).isEqualTo("validation_failed");
		assertThat(onLaptop.patch("/api/v1/me", Map.of("displayName", "x".repeat(65))).code())
			.isEqualTo("validation_failed");
		assertThat(onLaptop.patch("/api/v1/me", Map.of("displayName", "a\u0007b")).code())
			.isEqualTo("validation_failed");
		assertThat(onLaptop.patch("/api/v1/me", Map.of()).code()).isEqualTo("validation_failed");

		TestUser stranger = TestUsers.signUp(this.port);
		assertThat(onLaptop.delete("/api/v1/devices/" + stranger.deviceId()).code()).isEqualTo("not_found");
		assertThat(TestApi.as(this.port, stranger.token()).get("/api/v1/me").status()).isEqualTo(200);

		try (TestClient phoneSocket = TestClient.ready(this.port, phone.token())) {
			assertThat(onLaptop.delete("/api/v1/devices/" + phone.deviceId()).status()).isEqualTo(204);
			assertThat(phoneSocket.awaitClose()).isEqualTo(4403);
		}
		Response revoked = onPhone.get("/api/v1/me");
		assertThat(revoked.status()).isEqualTo(401);
		assertThat(revoked.code()).isEqualTo("unauthenticated");
		assertThat(onLaptop.delete("/api/v1/devices/" + phone.deviceId()).code()).isEqualTo("not_found");
		assertThat(onLaptop.get("/api/v1/devices").body().valueStream().map((d) -> d.path("deviceId").asLong()))
			.containsExactly(laptop.deviceId());

		assertThat(onLaptop.post("/api/v1/auth/logout", null).status()).isEqualTo(204);
		assertThat(onLaptop.get("/api/v1/me").code()).isEqualTo("unauthenticated");
		assertThat(onLaptop.post("/api/v1/auth/logout", null).code()).isEqualTo("unauthenticated");
		assertThat(TestApi.anonymous(this.port).get("/api/v1/devices").code()).isEqualTo("unauthenticated");
	}

	private Response requestCode(String phone) {
		return this.anonymous.post("/api/v1/auth/code", Map.of("phone", phone));
	}

	private Response login(String phone, String code, String device) {
		return this.anonymous.post("/api/v1/auth/login", (device != null)
				? Map.of("phone", phone, "code", code, "deviceName", device) : Map.of("phone", phone, "code", code));
	}

	private static String wrong(String code) {
		return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
	}

	private static void assertInvalid(Response response, String detail) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.code()).isEqualTo("invalid_code");
		assertThat(response.body().path("detail").asString()).contains(detail);
	}

}
