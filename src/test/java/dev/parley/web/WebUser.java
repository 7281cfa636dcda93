package dev.parley.web;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * One person using the web client in a browser context of their own (own storage, own
 * cookies), driven through what they see: labels, roles and texts. Records every console
 * error, uncaught exception and Content-Security-Policy violation of its pages. Close it
 * to close the context.
 */
final class WebUser implements AutoCloseable {

	static final Path SCREENSHOTS = Paths.get("target", "screenshots");

	private final BrowserContext context;

	private final String baseUrl;

	private final List<String> consoleErrors = new CopyOnWriteArrayList<>();

	private Page page;

	private String phone;

	private WebUser(BrowserContext context, String baseUrl) {
		this.context = context;
		this.baseUrl = baseUrl;
	}

	/** A desktop-sized browser window on Parley's web client. */
	static WebUser desktop(Browser browser, String baseUrl) {
		return open(browser, baseUrl, 1280, 800, false);
	}

	/**
	 * The same person, signed in on the same device (its storage copied), in a
	 * phone-sized browser (390×844, touch).
	 */
	static WebUser onPhone(Browser browser, WebUser signedIn) {
		WebUser user = open(browser, signedIn.baseUrl, 390, 844, true, signedIn.context.storageState());
		user.phone = signedIn.phone;
		return user;
	}

	private static WebUser open(Browser browser, String baseUrl, int width, int height, boolean mobile) {
		return open(browser, baseUrl, width, height, mobile, null);
	}

	private static WebUser open(Browser browser, String baseUrl, int width, int height, boolean mobile,
			String storageState) {
		BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(baseUrl)
			.setViewportSize(width, height)
			.setIsMobile(mobile)
			.setHasTouch(mobile)
			.setLocale("en-GB")
			.setTimezoneId("Europe/Berlin")
			.setStorageState(storageState));
		WebUser user = new WebUser(context, baseUrl);
		// every Content-Security-Policy violation of every page, as the page reports it
		context.exposeBinding("parleyPolicyViolation",
				(source, args) -> user.consoleErrors.add("CSP violation: " + args[0]));
		context.addInitScript("document.addEventListener('securitypolicyviolation', (e) => "
				+ "window.parleyPolicyViolation(e.violatedDirective + ' blocked ' + e.blockedURI));");
		user.newPage();
		return user;
	}

	/** Opens a fresh page (tab) on {@code /}; the previous one, if any, stays open. */
	Page newPage() {
		this.page = this.context.newPage();
		this.page.onConsoleMessage((message) -> {
			if ("error".equals(message.type())) {
				this.consoleErrors.add(message.text());
			}
		});
		this.page.onPageError((error) -> this.consoleErrors.add("uncaught: " + error));
		this.page.navigate(this.baseUrl + "/");
		return this.page;
	}

	Page page() {
		return this.page;
	}

	String phone() {
		return this.phone;
	}

	/** Activates with this number, types the code shown on screen and sets the name. */
	WebUser signUp(String phone, String name) {
		this.phone = phone;
		this.page.getByLabel("Phone number").fill(phone);
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send code")).click();
		Locator shown = this.page.getByTestId("shown-code");
		assertThat(shown).hasText(Pattern.compile("\\d{6}"));
		this.page.getByLabel("Code", new Page.GetByLabelOptions().setExact(true)).fill(shown.textContent());
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		this.page.getByLabel("Your name").fill(name);
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
		assertThat(connection()).hasText("Online");
		return this;
	}

	/** Signs in with the number of someone who has an account already (a new device). */
	WebUser signIn(String phone) {
		this.phone = phone;
		this.page.getByLabel("Phone number").fill(phone);
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send code")).click();
		Locator shown = this.page.getByTestId("shown-code");
		assertThat(shown).hasText(Pattern.compile("\\d{6}"));
		this.page.getByLabel("Code", new Page.GetByLabelOptions().setExact(true)).fill(shown.textContent());
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		assertThat(connection()).hasText("Online");
		return this;
	}

	/** The connection state in the sidebar header. */
	Locator connection() {
		return this.page.locator(".connection-text");
	}

	WebUser tab(String name) {
		this.page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Sections"))
			.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name))
			.click();
		return this;
	}

	/** Adds a contact who is on Parley, with my own name for them. */
	WebUser addContact(String phone, String name) {
		return addContact(phone, name, name + " is on Parley.");
	}

	/** Adds a contact by number and waits for the answer the page gives. */
	WebUser addContact(String phone, String name, String answer) {
		tab("Contacts");
		this.page.getByLabel("Phone number").fill(phone);
		this.page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add contact")).click();
		assertThat(this.page.locator(".form-status")).hasText(answer);
		return this;
	}

	/** Starts (or opens) the direct chat with a contact from the contact list. */
	WebUser messageContact(String name) {
		tab("Contacts");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Message " + name)).click();
		assertThat(chatTitle()).hasText(name);
		return this;
	}

	/** Opens a chat from the conversation list. */
	WebUser openChat(String title) {
		tab("Chats");
		conversation(title).click();
		assertThat(chatTitle()).hasText(title);
		return this;
	}

	/** The entry of a conversation in the list. */
	Locator conversation(String title) {
		return this.page.locator(".conversation")
			.filter(new Locator.FilterOptions()
				.setHas(this.page.locator(".conv-title", new Page.LocatorOptions().setHasText(exactly(title)))));
	}

	/**
	 * A pattern matching exactly this text, written for JavaScript (which has no
	 * {@code \Q…\E} quoting) as Playwright evaluates it in the page.
	 */
	private static Pattern exactly(String text) {
		return Pattern.compile("^" + text.replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\$0") + "$");
	}

	Locator chatTitle() {
		return this.page.locator(".chat-title");
	}

	Locator chatSubtitle() {
		return this.page.locator(".chat-subtitle");
	}

	Locator composer() {
		return this.page.getByLabel("Message", new Page.GetByLabelOptions().setExact(true));
	}

	/** Types a message and presses Enter. */
	WebUser send(String text) {
		composer().fill(text);
		composer().press("Enter");
		return this;
	}

	/** The texts of the messages in the open chat, in order. */
	Locator messageTexts() {
		return this.page.locator(".message-list .msg .text");
	}

	/** A message of the open chat by its exact text. */
	Locator message(String text) {
		return this.page.locator(".message-list .msg")
			.filter(new Locator.FilterOptions()
				.setHas(this.page.locator(".text", new Page.LocatorOptions().setHasText(exactly(text)))));
	}

	/**
	 * The ticks of one of my messages; {@code data-status} is pending, sent, delivered or
	 * read.
	 */
	Locator ticks(String text) {
		return message(text).locator(".ticks");
	}

	/** Opens the options of one of my messages and picks one (Edit, Delete). */
	WebUser messageAction(String text, String action) {
		Locator message = message(text);
		message.hover();
		message.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Message options")).click();
		this.page.getByRole(AriaRole.MENUITEM, new Page.GetByRoleOptions().setName(action)).click();
		return this;
	}

	/** Goes offline or back online, as the browser's network would. */
	WebUser offline(boolean offline) {
		this.context.setOffline(offline);
		return this;
	}

	/** Reloads the page (the session and the outbox are in localStorage). */
	WebUser reload() {
		this.page.reload();
		return this;
	}

	void screenshot(String name) {
		this.page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
	}

	/**
	 * Console errors, uncaught exceptions and Content-Security-Policy violations so far,
	 * from every page of this person.
	 */
	List<String> consoleErrors() {
		return List.copyOf(this.consoleErrors);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
