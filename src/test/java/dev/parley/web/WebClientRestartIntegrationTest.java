package dev.parley.web;

import java.nio.file.Path;
import java.util.List;

import dev.parley.ParleyNode;
import dev.parley.TestUsers;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * G1, G4 as people in browsers see them: the server stops mid-conversation and a new node
 * starts on the same data directory and HTTP port; the pages say they cannot reach
 * Parley, keep what is typed meanwhile, reconnect by themselves, fill in what they missed
 * and keep chatting, with every message shown once.
 */
@Tag("integration")
@Timeout(300)
class WebClientRestartIntegrationTest {

	@TempDir
	Path dataDir;

	@Test
	void peopleKeepChattingAcrossAServerRestart() {
		try (Chromium chromium = Chromium.launch()) {
			int port = ParleyNode.freePort();
			ParleyNode node = ParleyNode.start(this.dataDir, "server.port=" + port);
			try {
				chatAcrossARestart(chromium, node, port);
			}
			finally {
				node.close();
			}
		}
	}

	private void chatAcrossARestart(Chromium chromium, ParleyNode first, int port) {
		ParleyNode node = first;
		try (WebUser ann = WebUser.desktop(chromium.browser(), node.baseUrl());
				WebUser bob = WebUser.desktop(chromium.browser(), node.baseUrl())) {
			ann.signUp(TestUsers.randomPhone(), "Ann");
			bob.signUp(TestUsers.randomPhone(), "Bob");
			ann.addContact(bob.phone(), "Bob");
			bob.addContact(ann.phone(), "Ann");
			ann.messageContact("Bob").send("Before the restart");
			bob.openChat("Ann");
			assertThat(bob.messageTexts()).hasText(new String[] { "Before the restart" });

			node.close();
			assertThat(ann.connection()).hasText("Can't reach Parley");
			assertThat(bob.connection()).hasText("Can't reach Parley");
			ann.send("Sent while the server was down");
			assertThat(ann.ticks("Sent while the server was down")).hasAttribute("data-status", "pending");
			assertThat(ann.connection()).hasText("Can't reach Parley · 1 waiting to send");

			node = ParleyNode.start(this.dataDir, "server.port=" + port);
			assertThat(ann.connection()).hasText("Online");
			assertThat(bob.connection()).hasText("Online");
			assertThat(bob.messageTexts())
				.hasText(new String[] { "Before the restart", "Sent while the server was down" });
			assertThat(ann.ticks("Sent while the server was down")).hasAttribute("data-status", "read");
			bob.send("And after it");
			ann.send("Nothing lost");
			String[] all = { "Before the restart", "Sent while the server was down", "And after it", "Nothing lost" };
			assertThat(ann.messageTexts()).hasText(all);
			assertThat(bob.messageTexts()).hasText(all);
			assertThat(ann.ticks("Nothing lost")).hasAttribute("data-status", "read");

			// Each connection refused while the server was down, or reset while it was
			// stopping (one the stopping server's socket still took in), is reported by
			// the browser and expected; nothing else may have been logged.
			for (WebUser user : List.of(ann, bob)) {
				Assertions.assertThat(user.consoleErrors())
					.allMatch(WebClientRestartIntegrationTest::isRefusedConnection);
			}
		}
		finally {
			node.close();
		}
	}

	private static boolean isRefusedConnection(String error) {
		return error.contains("net::ERR_CONNECTION_REFUSED") || error.contains("net::ERR_CONNECTION_RESET")
				|| (error.startsWith("WebSocket connection to") && error.contains("/ws"));
	}

}
