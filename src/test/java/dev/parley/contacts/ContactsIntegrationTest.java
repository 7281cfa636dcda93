package dev.parley.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestApi.Response;
import dev.parley.TestClient;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Contacts, address-book sync, blocks and the seed's getcontacts, over the real API. */
@ParleyIntegrationTest
class ContactsIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void aContactBecomesRegisteredWhenItsNumberSignsUp() {
		TestUser ann = TestUsers.signUp(this.port);
		TestApi api = TestApi.as(this.port, ann.token());
		String later = TestUsers.randomPhone();
		Response added = api.post("/api/v1/contacts", Map.of("phone", later, "name", "Zed"));
		assertThat(added.status()).isEqualTo(201);
		assertThat(added.body().path("registered").asBoolean()).isFalse();
		assertThat(added.body().has("userId")).isFalse();

		TestUser bob = TestUsers.signUp(this.port);
		api.post("/api/v1/contacts", Map.of("phone", bob.phone()));
		TestUser zed = TestUsers.signUp(this.port, later);
		TestApi.as(this.port, zed.token()).patch("/api/v1/me", Map.of("displayName", "Zed Z"));

		List<JsonNode> contacts = api.get("/api/v1/contacts").body().valueStream().toList();
		assertThat(contacts).extracting((c) -> c.path("phone").asString()).containsExactly(bob.phone(), later);
		JsonNode zedContact = contacts.get(1);
		assertThat(zedContact.path("registered").asBoolean()).isTrue();
		assertThat(zedContact.path("userId").asLong()).isEqualTo(zed.userId());
		assertThat(zedContact.path("displayName").asString()).isEqualTo("Zed Z");
		assertThat(zedContact.path("name").asString()).isEqualTo("Zed");
		assertThat(contacts.get(0).has("displayName")).isFalse();

		assertThat(api.post("/api/v1/contacts", Map.of("phone", later, "name", "Zeddy")).body().path("name").asString())
			.isEqualTo("Zeddy");
		assertThat(api.get("/api/v1/contacts").body().size()).isEqualTo(2);

		assertThat(api.delete("/api/v1/contacts/" + later).status()).isEqualTo(204);
		assertThat(api.delete("/api/v1/contacts/" + later).code()).isEqualTo("not_found");
		assertThat(api.get("/api/v1/contacts").body().valueStream().map((c) -> c.path("phone").asString()))
			.containsExactly(bob.phone());
		assertThat(TestApi.as(this.port, bob.token()).get("/api/v1/contacts").body().size()).isZero();
	}

	@Test
	void refusesBadContacts() {
		TestUser ann = TestUsers.signUp(this.port);
		TestApi api = TestApi.as(this.port, ann.token());
		assertThat(api.post("/api/v1/contacts", Map.of("phone", "not a number")).code()).isEqualTo("validation_failed");
		assertThat(api.post("/api/v1/contacts", Map.of()).code()).isEqualTo("validation_failed");
		assertThat(api.post("/api/v1/contacts", Map.of("phone", ann.phone())).code()).isEqualTo("validation_failed");
		assertThat(
				api.post("/api/v1/contacts", Map.of("phone", TestUsers.randomPhone(), "name", "x".repeat(65))).code())
			.isEqualTo("validation_failed");
		assertThat(api.postRaw("/api/v1/contacts", "{\"phone\":12").code()).isEqualTo("malformed_request");
		assertThat(api.delete("/api/v1/contacts/abc").code()).isEqualTo("validation_failed");
		assertThat(TestApi.anonymous(this.port).get("/api/v1/contacts").code()).isEqualTo("unauthenticated");
		assertThat(api.get("/api/v1/contacts").body().size()).isZero();
	}

	@Test
	void syncsAnAddressBook() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestUser cat = TestUsers.signUp(this.port);
		List<String> book = new ArrayList<>();
		for (int i = 0; i < 995; i++) {
			book.add(TestUsers.randomPhone());
		}
		book.add(bob.phone().substring(0, 3) + " " + bob.phone().substring(3));
		book.add(cat.phone());
		book.add(ann.phone());
		book.add("*123#");
		book.add(cat.phone());
		TestApi api = TestApi.as(this.port, ann.token());
		Response synced = api.post("/api/v1/contacts/sync", Map.of("phones", book));
		assertThat(synced.status()).isEqualTo(200);
		assertThat(synced.body().valueStream().map((u) -> u.path("userId").asLong()))
			.containsExactlyInAnyOrder(bob.userId(), cat.userId());
		assertThat(synced.body().get(0).path("phone").asString()).startsWith("+");

		book.add(TestUsers.randomPhone());
		Response tooMany = api.post("/api/v1/contacts/sync", Map.of("phones", book));
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.code()).isEqualTo("validation_failed");
		assertThat(api.post("/api/v1/contacts/sync", Map.of()).code()).isEqualTo("validation_failed");
		assertThat(api.postRaw("/api/v1/contacts/sync", "{\"phones\":\"+4912345\"}").status()).isEqualTo(400);
	}

	@Test
	void syncFindsTheFormsPeopleKeepInAddressBooks() {
		TestUser ann = TestUsers.signUp(this.port, germanMobile());
		String bobDigits = germanMobile().substring(1);
		TestUser bob = TestUsers.signUp(this.port, "+" + bobDigits);
		TestUser cat = TestUsers.signUp(this.port, germanMobile());
		TestUser dan = TestUsers.signUp(this.port, germanMobile());
		TestUser eve = TestUsers.signUp(this.port, germanMobile());
		// an account made without the +, as the seed's numbers are
		String seedDigits = germanMobile().substring(1);
		TestUser seed = TestUsers.signUp(this.port, seedDigits);
		TestUser us = TestUsers.signUp(this.port, "+1650253" + fourDigits());

		String cats = cat.phone().substring(3);
		String dans = dan.phone().substring(3);
		String eves = eve.phone().substring(3);
		List<String> book = List.of(bobDigits, "0049 " + cats.substring(0, 3) + " " + cats.substring(3),
				"0" + dans.substring(0, 3) + " " + dans.substring(3, 7) + " " + dans.substring(7),
				"+49 (" + eves.substring(0, 3) + ") " + eves.substring(3, 6) + "-" + eves.substring(6) + ".",
				"+" + seedDigits, "001 (650) 253-" + us.phone().substring(8));
		Response synced = TestApi.as(this.port, ann.token()).post("/api/v1/contacts/sync", Map.of("phones", book));
		assertThat(synced.status()).isEqualTo(200);
		assertThat(synced.body().valueStream().map((u) -> u.path("userId").asLong())).containsExactlyInAnyOrder(
				bob.userId(), cat.userId(), dan.userId(), eve.userId(), seed.userId(), us.userId());

		// a national form is read in the syncing user's own country
		TestUser french = TestUsers.signUp(this.port, "+336" + fourDigits() + fourDigits());
		Response fromFrance = TestApi.as(this.port, french.token())
			.post("/api/v1/contacts/sync", Map.of("phones", List.of("0" + dans)));
		assertThat(fromFrance.body().size()).isZero();
		Response fromAmerica = TestApi.as(this.port, us.token())
			.post("/api/v1/contacts/sync", Map.of("phones", List.of("011 49 " + dans, "0" + dans)));
		assertThat(fromAmerica.body().valueStream().map((u) -> u.path("userId").asLong()))
			.containsExactly(dan.userId());
	}

	/** A random number in a German mobile range ({@code +49 170} and 8 digits). */
	private static String germanMobile() {
		return "+49170" + fourDigits() + fourDigits();
	}

	private static String fourDigits() {
		return String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
	}

	@Test
	void refusesMessagesFromABlockedSenderOnEveryApi() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestApi annApi = TestApi.as(this.port, ann.token());
		TestApi bobApi = TestApi.as(this.port, bob.token());
		long direct = annApi.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()))
			.body()
			.path("conversationId")
			.asLong();
		assertThat(bobApi.put("/api/v1/blocks/" + ann.userId(), null).status()).isEqualTo(204);
		assertThat(bobApi.put("/api/v1/blocks/" + ann.userId(), null).status()).isEqualTo(204);
		assertThat(bobApi.get("/api/v1/blocks").body().valueStream().map((u) -> u.path("userId").asLong()))
			.containsExactly(ann.userId());

		Response overRest = annApi.post("/api/v1/conversations/" + direct + "/messages",
				Map.of("id", "r-1", "body", "hi"));
		assertThat(overRest.status()).isEqualTo(403);
		assertThat(overRest.code()).isEqualTo("blocked");
		try (TestClient annSocket = TestClient.ready(this.port, ann.token())) {
			annSocket.send(Map.of("type", "send", "id", "w-1", "to", bob.userId(), "body", "hi"));
			annSocket.send(Map.of("type", "send", "id", "w-2", "conversationId", direct, "body", "hi"));
			assertThat(annSocket.awaitCount("error", 2))
				.extracting((e) -> e.path("code").asString() + " " + e.path("id").asString())
				.containsExactly("blocked w-1", "blocked w-2");
		}
		Response overSeed = TestApi.anonymous(this.port)
			.post("/api/message/send-message",
					Map.of("accessToken", ann.token(), "sendTo", String.valueOf(bob.userId()), "msg", "hi"));
		assertThat(overSeed.code()).isEqualTo("blocked");
		assertThat(bobApi.get("/api/v1/conversations/" + direct + "/messages").body().path("events").size()).isZero();

		Response bobWrites = bobApi.post("/api/v1/conversations/" + direct + "/messages",
				Map.of("id", "b-1", "body", "I can still write"));
		assertThat(bobWrites.status()).isEqualTo(201);

		assertThat(bobApi.put("/api/v1/blocks/" + bob.userId(), null).code()).isEqualTo("validation_failed");
		assertThat(bobApi.put("/api/v1/blocks/999999999", null).code()).isEqualTo("not_found");
		assertThat(bobApi.delete("/api/v1/blocks/" + ann.userId()).status()).isEqualTo(204);
		assertThat(bobApi.get("/api/v1/blocks").body().size()).isZero();
		assertThat(annApi.post("/api/v1/conversations/" + direct + "/messages", Map.of("id", "r-2", "body", "hi again"))
			.status()).isEqualTo(201);
	}

	@Test
	void answersTheSeedsGetContacts() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestApi api = TestApi.as(this.port, ann.token());
		api.post("/api/v1/contacts", Map.of("phone", bob.phone()));
		api.post("/api/v1/contacts", Map.of("phone", TestUsers.randomPhone()));
		Response seed = TestApi.anonymous(this.port)
			.postRaw("/api/auth/getcontacts", "{\"accessToken\":\"" + ann.token() + "\"}");
		assertThat(seed.status()).isEqualTo(200);
		JsonNode contacts = seed.body().path("contacts");
		assertThat(contacts.size()).isEqualTo(1);
		assertThat(contacts.get(0).path("contactUserId").asLong()).isEqualTo(bob.userId());
		assertThat(contacts.get(0).path("user").path("userId").asLong()).isEqualTo(bob.userId());
		assertThat(contacts.get(0).path("user").path("mobile").asString()).isEqualTo(bob.phone());

		Response refused = TestApi.anonymous(this.port).postRaw("/api/auth/getcontacts", "{\"accessToken\":\"nope\"}");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.code()).isEqualTo("unauthenticated");
		assertThat(TestApi.anonymous(this.port).postRaw("/api/auth/getcontacts", "{}").code())
			.isEqualTo("validation_failed");
	}

}
