package dev.parley.web;

import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.parley.ParleyIntegrationTest;
import dev.parley.TestApi;
import dev.parley.TestUsers;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The web client end to end, in headless Chromium against the application on the embedded
 * default: people in browser contexts of their own sign up, add each other, chat, go
 * offline and come back, and meet in a group and a public room. Every test ends by
 * checking that no page logged an error. Saves screenshots of the main screens under
 * {@code target/screenshots/}.
 */
@ParleyIntegrationTest
class WebClientIntegrationTest {

	private static Chromium chromium;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startBrowser() {
		chromium = Chromium.launch();
	}

	@AfterAll
	static void stopBrowser() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@Test
	void twoPeopleSignUpAddEachOtherAndChat() {
		try (WebUser ann = person(); WebUser bob = person()) {
			ann.screenshot("sign-in");
			ann.signUp(TestUsers.randomPhone(), "Ann");
			bob.signUp(TestUsers.randomPhone(), "Bob");
			ann.addContact(bob.phone(), "Bob");
			bob.addContact(ann.phone(), "Ann");
			ann.addContact(TestUsers.randomPhone(), "Dana", "Dana is not on Parley yet.");
			assertThat(ann.page().locator("#contacts-on + .people-list .person-name")).hasText(new String[] { "Bob" });
			assertThat(ann.page().locator("#contacts-off + .people-list .person-name"))
				.hasText(new String[] { "Dana" });
			ann.screenshot("contacts");

			ann.messageContact("Bob").send("Hi Bob");
			assertThat(ann.ticks("Hi Bob")).hasAttribute("data-status", "delivered");
			bob.tab("Chats");
			assertThat(bob.conversation("Ann").locator(".badge")).hasText("1");
			assertThat(bob.conversation("Ann").locator(".conv-text")).hasText("Hi Bob");
			bob.openChat("Ann");
			assertThat(bob.messageTexts()).hasText(new String[] { "Hi Bob" });
			assertThat(ann.ticks("Hi Bob")).hasAttribute("data-status", "read");
			assertThat(ann.chatSubtitle()).hasText("online");

			bob.composer().fill("Hello Ann, how are y");
			assertThat(ann.chatSubtitle()).hasText("typing…");
			bob.composer().fill("Hello Ann, how are you?");
			bob.composer().press("Enter");
			assertThat(ann.messageTexts()).hasText(new String[] { "Hi Bob", "Hello Ann, how are you?" });
			assertThat(ann.chatSubtitle()).hasText("online");
			assertThat(bob.ticks("Hello Ann, how are you?")).hasAttribute("data-status", "read");

			ann.messageAction("Hi Bob", "Edit");
			ann.composer().fill("Hi Bob!");
			ann.composer().press("Enter");
			assertThat(bob.message("Hi Bob!").locator(".meta .edited")).hasText("edited");
			ann.send("oops, wrong chat");
			assertThat(bob.message("oops, wrong chat")).hasCount(1);
			ann.messageAction("oops, wrong chat", "Delete");
			ann.page()
				.getByRole(AriaRole.DIALOG)
				.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete"))
				.click();
			assertThat(bob.messageTexts())
				.hasText(new String[] { "Hi Bob!", "Hello Ann, how are you?", "This message was deleted" });
			assertThat(ann.messageTexts())
				.hasText(new String[] { "Hi Bob!", "Hello Ann, how are you?", "You deleted this message" });
			ann.send("See you at 8 at the usual place");
			assertThat(ann.ticks("See you at 8 at the usual place")).hasAttribute("data-status", "read");
			ann.screenshot("chat");

			ann.composer().fill("a draft, kept across reloads");
			ann.reload();
			assertThat(ann.chatTitle()).hasText("Bob");
			assertThat(ann.composer()).hasValue("a draft, kept across reloads");
			assertThat(ann.connection()).hasText("Online");
			ann.composer().press("Escape");
			assertThat(ann.conversation("Bob").locator(".conv-preview")).hasText("Draft: a draft, kept across reloads");
			bob.tab("Chats");
			bob.screenshot("chats");

			bob.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Settings and profile")).click();
			bob.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
			assertThat(bob.page().getByRole(AriaRole.STATUS)).hasText("You have signed out.");
			bob.reload();
			assertThat(bob.page().getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in")))
				.isVisible();
			ann.openChat("Bob");
			assertThat(ann.chatSubtitle()).hasText(Pattern.compile("last seen today at \\d\\d:\\d\\d"));

			assertNoConsoleErrors(ann, bob);
		}
	}

	@Test
	void offlinePersonSeesMissedMessagesOnceAndQueuedOnesAreSentOnce() {
		try (WebUser ann = person(); WebUser bob = person()) {
			ann.signUp(TestUsers.randomPhone(), "Ann");
			bob.signUp(TestUsers.randomPhone(), "Bob");
			ann.addContact(bob.phone(), "Bob");
			bob.addContact(ann.phone(), "Ann");
			ann.messageContact("Bob").send("Are you there?");
			bob.openChat("Ann");
			assertThat(bob.messageTexts()).hasText(new String[] { "Are you there?" });

			bob.offline(true);
			assertThat(bob.connection()).hasText("Offline");
			assertThat(bob.page().locator(".chat-banner")).containsText("You are offline");
			ann.send("one").send("two");
			assertThat(ann.ticks("two")).hasAttribute("data-status", "sent");
			bob.send("written offline");
			assertThat(bob.ticks("written offline")).hasAttribute("data-status", "pending");
			assertThat(bob.connection()).hasText("Offline · 1 waiting to send");
			bob.screenshot("offline");
			bob.offline(false);
			assertThat(bob.connection()).hasText("Online");
			assertThat(bob.messageTexts()).hasText(new String[] { "Are you there?", "one", "two", "written offline" });
			assertThat(ann.messageTexts()).hasText(new String[] { "Are you there?", "one", "two", "written offline" });
			assertThat(bob.ticks("written offline")).hasAttribute("data-status", "read");
			assertThat(ann.ticks("two")).hasAttribute("data-status", "read");

			// Offline again, and this time the page is closed with a message still
			// queued:
			// the queue is kept in the browser and goes out from the next page.
			bob.offline(true);
			assertThat(bob.connection()).hasText("Offline");
			bob.send("queued, then the tab was closed");
			assertThat(bob.ticks("queued, then the tab was closed")).hasAttribute("data-status", "pending");
			bob.page().close();
			ann.send("three");
			assertThat(ann.ticks("three")).hasAttribute("data-status", "sent");
			bob.offline(false);
			bob.newPage();
			bob.openChat("Ann");
			// The queued message reached the server after "three": that is its place for
			// both.
			String[] all = { "Are you there?", "one", "two", "written offline", "three",
					"queued, then the tab was closed" };
			assertThat(bob.messageTexts()).hasText(all);
			assertThat(ann.messageTexts()).hasText(all);
			// A last message after everything else: once it shows, nothing earlier can
			// still be on its way, so the lists above are final.
			ann.send("last");
			assertThat(bob.message("last")).hasCount(1);
			assertThat(bob.messageTexts()).hasText(append(all, "last"));
			assertThat(ann.messageTexts()).hasText(append(all, "last"));
			assertThat(ann.ticks("last")).hasAttribute("data-status", "read");

			assertNoConsoleErrors(ann);
			// A request that was under way when the network was cut is reported by the
			// browser; that is the test pulling the cable. Nothing else may be logged.
			Assertions.assertThat(bob.consoleErrors())
				.allMatch((error) -> error.equals("Failed to load resource: net::ERR_INTERNET_DISCONNECTED"));
		}
	}

	@Test
	void threePeopleChatInAGroupAndMeetInAPublicRoom() {
		try (WebUser ann = person(); WebUser bob = person(); WebUser cem = person()) {
			ann.signUp(TestUsers.randomPhone(), "Ann");
			bob.signUp(TestUsers.randomPhone(), "Bob");
			cem.signUp(TestUsers.randomPhone(), "Cem");
			ann.addContact(bob.phone(), "Bob");
			ann.addContact(cem.phone(), "Cem");

			ann.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New group")).click();
			ann.page().getByLabel("Group name").fill("Climbing");
			ann.page().getByRole(AriaRole.DIALOG).getByLabel("Bob").check();
			ann.page().getByRole(AriaRole.DIALOG).getByLabel("Cem").check();
			ann.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create group")).click();
			assertThat(ann.chatTitle()).hasText("Climbing");
			ann.send("Sunday at 10?");
			bob.openChat("Climbing");
			cem.openChat("Climbing");
			assertThat(bob.messageTexts()).hasText(new String[] { "Sunday at 10?" });
			assertThat(ann.ticks("Sunday at 10?")).hasAttribute("data-status", "read");
			bob.send("Yes!");
			cem.send("I'll bring the rope");
			for (WebUser user : new WebUser[] { ann, bob, cem }) {
				assertThat(user.messageTexts())
					.hasText(new String[] { "Sunday at 10?", "Yes!", "I'll bring the rope" });
			}
			assertThat(cem.message("Yes!").locator(".sender")).hasText("Bob");
			assertThat(bob.message("Sunday at 10?").locator(".sender")).hasText("Ann");
			assertThat(ann.chatSubtitle()).hasText(Pattern.compile("Bob, Cem, You|Cem, Bob, You"));
			ann.send("Great, see you there");
			assertThat(ann.ticks("Great, see you there")).hasAttribute("data-status", "read");
			ann.screenshot("group");

			cem.tab("Rooms");
			cem.page().getByLabel("Room name").fill("Book club");
			cem.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create room")).click();
			assertThat(cem.chatTitle()).hasText("Book club");
			cem.send("Welcome, readers");
			bob.tab("Rooms");
			bob.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Join Book club")).click();
			assertThat(bob.chatTitle()).hasText("Book club");
			assertThat(bob.messageTexts()).hasText(new String[] { "Welcome, readers" });
			bob.send("Hi! Reading Dune right now");
			assertThat(cem.messageTexts()).hasText(new String[] { "Welcome, readers", "Hi! Reading Dune right now" });

			// someone who never set a name (as every seed-API user) is shown by a neutral
			// handle, never by a number the server would not show a stranger
			TestUsers.TestUser dee = TestUsers.signUp(this.port);
			TestApi deeApi = TestApi.as(this.port, dee.token());
			long room = deeApi.get("/api/v1/rooms")
				.body()
				.valueStream()
				.filter((r) -> "Book club".equals(r.path("title").asString()))
				.findFirst()
				.orElseThrow()
				.path("conversationId")
				.asLong();
			deeApi.post("/api/v1/rooms/" + room + "/join", null);
			deeApi.post("/api/v1/conversations/" + room + "/messages", Map.of("id", "d-1", "body", "Hello from Dee"));
			String id = String.valueOf(dee.userId());
			String handle = "Unknown #" + id.substring(Math.max(0, id.length() - 4));
			assertThat(bob.message("Hello from Dee").locator(".sender")).hasText(handle);
			Assertions.assertThat(bob.page().content()).doesNotContain(dee.phone());
			ann.tab("Rooms");
			assertThat(ann.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Join Book club")))
				.isVisible();
			ann.screenshot("rooms");

			try (WebUser annOnPhone = WebUser.onPhone(chromium.browser(), ann)) {
				annOnPhone.conversation("Climbing").click();
				assertThat(annOnPhone.messageTexts())
					.hasText(new String[] { "Sunday at 10?", "Yes!", "I'll bring the rope", "Great, see you there" });
				assertThat(annOnPhone.ticks("Great, see you there")).hasAttribute("data-status", "read");
				annOnPhone.screenshot("phone-chat");
				annOnPhone.page()
					.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to chats"))
					.click();
				assertThat(annOnPhone.conversation("Climbing")).isVisible();
				annOnPhone.screenshot("phone-chats");
				assertNoConsoleErrors(annOnPhone);
			}
			assertNoConsoleErrors(ann, bob, cem);
		}
	}

	@Test
	void scrollsBackThroughTheWholeHistory() {
		try (WebUser ann = person()) {
			ann.signUp(TestUsers.randomPhone(), "Ann");
			// Ann's page is closed while Bob writes, so the chat starts from history.
			ann.page().close();
			TestUsers.TestUser bob = TestUsers.signUp(this.port);
			TestApi bobApi = TestApi.as(this.port, bob.token());
			long annId = bobApi.post("/api/v1/contacts", Map.of("phone", ann.phone(), "name", "Ann"))
				.body()
				.path("userId")
				.asLong();
			long conversationId = bobApi.post("/api/v1/conversations/direct", Map.of("userId", annId))
				.body()
				.path("conversationId")
				.asLong();
			String[] texts = new String[120];
			for (int i = 0; i < texts.length; i++) {
				texts[i] = "Message " + (i + 1);
				Assertions
					.assertThat(
							bobApi
								.post("/api/v1/conversations/" + conversationId + "/messages",
										Map.of("id", "h-" + i, "body", texts[i]))
								.status())
					.isEqualTo(201);
			}
			ann.newPage();
			ann.tab("Chats").conversation(bob.phone()).click();
			assertThat(ann.messageTexts()).hasCount(50);
			assertThat(ann.message("Message 120")).isVisible();
			Locator scroller = ann.page().locator(".messages");
			scroller.evaluate("(el) => { el.scrollTop = 0; }");
			assertThat(ann.messageTexts()).hasCount(100);
			scroller.evaluate("(el) => { el.scrollTop = 0; }");
			assertThat(ann.messageTexts()).hasText(texts);
			assertThat(ann.page().locator(".history-status")).hasText("Start of the conversation");
			assertNoConsoleErrors(ann);
		}
	}

	private static String[] append(String[] texts, String text) {
		String[] all = Arrays.copyOf(texts, texts.length + 1);
		all[texts.length] = text;
		return all;
	}

	@Test
	void showsTheLengthLimitWhileTypingAndRefusesLongerMessages() {
		try (WebUser ann = person()) {
			ann.signUp(TestUsers.randomPhone(), "Ann");
			TestUsers.TestUser bob = TestUsers.signUp(this.port);
			TestApi bobApi = TestApi.as(this.port, bob.token());
			bobApi.patch("/api/v1/me", Map.of("displayName", "Bob"));
			ann.addContact(bob.phone(), "Bob").messageContact("Bob");
			Locator counter = ann.page().locator(".composer-counter");
			Locator sendButton = ann.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send"));

			ann.composer().fill("x".repeat(3499));
			assertThat(counter).isHidden();
			ann.composer().fill("x".repeat(3600));
			assertThat(counter).hasText("400 characters left");
			assertThat(sendButton).isEnabled();

			// pasted text beyond the limit is kept whole, not cut, and is not sent
			String tooLong = "y".repeat(4010);
			ann.composer().fill(tooLong);
			assertThat(ann.composer()).hasValue(tooLong);
			assertThat(counter).hasText("10 characters too long: a message has at most 4,000.");
			assertThat(counter).hasClass(Pattern.compile("\\bover\\b"));
			ann.screenshot("too-long");
			assertThat(sendButton).isDisabled();
			ann.composer().press("Enter");
			assertThat(ann.composer()).hasValue(tooLong);
			assertThat(ann.messageTexts()).hasCount(0);

			String longest = "z".repeat(4000);
			ann.composer().fill(longest);
			assertThat(counter).hasText("0 characters left");
			ann.composer().press("Enter");
			assertThat(ann.ticks(longest)).hasAttribute("data-status", "sent");
			assertThat(counter).isHidden();
			long conversationId = bobApi.get("/api/v1/conversations").body().get(0).path("conversationId").asLong();
			Assertions
				.assertThat(bobApi.get("/api/v1/conversations/" + conversationId + "/messages")
					.body()
					.path("events")
					.valueStream()
					.map((e) -> e.path("body").asString()))
				.containsExactly(longest);
			assertNoConsoleErrors(ann);
		}
	}

	@Test
	void reportsAContentSecurityPolicyViolation() {
		// Every test ends by finding no error, violations of the page's policy included;
		// that proves nothing unless a violation is reported. An inline script is one.
		try (WebUser ann = person()) {
			assertThat(ann.page().getByLabel("Phone number")).isVisible();
			ann.page()
				.evaluate("() => { const s = document.createElement('script');"
						+ " s.textContent = 'window.injected = true'; document.body.append(s); }");
			// Playwright passes the page's report on only while this thread calls into it
			ann.page()
				.waitForCondition(() -> ann.consoleErrors().contains("CSP violation: script-src-elem blocked inline"),
						new Page.WaitForConditionOptions().setTimeout(10_000));
			Assertions.assertThat(ann.page().evaluate("() => window.injected === true")).isEqualTo(false);
		}
	}

	private WebUser person() {
		return WebUser.desktop(chromium.browser(), "http://localhost:" + this.port);
	}

	private static void assertNoConsoleErrors(WebUser... users) {
		for (WebUser user : users) {
			Assertions.assertThat(user.consoleErrors()).isEmpty();
		}
	}

}
