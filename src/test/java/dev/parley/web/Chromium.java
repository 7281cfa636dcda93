package dev.parley.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A headless Chromium driven by Playwright, for the web client's end-to-end tests. The
 * browser is the machine's own (Playwright's download is skipped): the one named by
 * {@code PARLEY_TEST_CHROMIUM}, which must then exist (CI sets it, so the tests never
 * skip there), else {@code /usr/bin/chromium}; without either the tests are skipped with
 * a message saying so. Close it to stop the browser and the driver.
 */
final class Chromium implements AutoCloseable {

	static final String VARIABLE = "PARLEY_TEST_CHROMIUM";

	private static final Path DEFAULT = Paths.get("/usr/bin/chromium");

	private final Playwright playwright;

	private final Browser browser;

	private Chromium(Playwright playwright, Browser browser) {
		this.playwright = playwright;
		this.browser = browser;
	}

	/** Starts the browser, or skips the calling tests when none is installed. */
	static Chromium launch() {
		Path executable = executable();
		PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
		Playwright playwright = Playwright
			.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
		try {
			Browser browser = playwright.chromium()
				.launch(new BrowserType.LaunchOptions().setExecutablePath(executable)
					.setHeadless(true)
					.setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
							"--disable-background-networking", "--disable-component-update", "--disable-sync")));
			return new Chromium(playwright, browser);
		}
		catch (RuntimeException ex) {
			playwright.close();
			throw ex;
		}
	}

	private static Path executable() {
		String configured = System.getenv(VARIABLE);
		if (configured != null && !configured.isBlank()) {
			Path path = Paths.get(configured);
			if (!Files.isExecutable(path)) {
				throw new IllegalStateException(VARIABLE + " is " + configured + ", which is not an executable file");
			}
			return path;
		}
		Assumptions.assumeTrue(Files.isExecutable(DEFAULT), "No Chromium at " + DEFAULT + " and " + VARIABLE
				+ " is not set: skipping the web client's browser tests (install Debian's chromium to run them)");
		return DEFAULT;
	}

	Browser browser() {
		return this.browser;
	}

	@Override
	public void close() {
		this.browser.close();
		this.playwright.close();
	}

}
