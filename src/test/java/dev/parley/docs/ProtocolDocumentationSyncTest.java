package dev.parley.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import dev.parley.common.ErrorCode;
import dev.parley.gateway.ClientFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/PROTOCOL.md names every error code and every frame type the code knows. */
class ProtocolDocumentationSyncTest {

	private static final List<String> SERVER_FRAMES = List.of("ready", "ack", "message", "edited", "deleted", "member",
			"receipt", "typing", "presence", "synced", "error", "pong");

	private final String protocol = read();

	@Test
	void documentsEveryErrorCode() {
		for (ErrorCode code : ErrorCode.values()) {
			assertThat(this.protocol).as("error code %s in docs/PROTOCOL.md", code.code())
				.contains("| `" + code.code() + "` | " + code.httpStatus() + " |");
		}
	}

	@Test
	void documentsEveryClientFrame() {
		List<String> names = Arrays.stream(ClientFrame.class.getAnnotation(JsonSubTypes.class).value())
			.map(JsonSubTypes.Type::name)
			.toList();
		assertThat(names).hasSize(ClientFrame.class.getPermittedSubclasses().length);
		for (String name : names) {
			assertThat(this.protocol).as("client frame %s in docs/PROTOCOL.md", name).contains("| `" + name + "` |");
		}
	}

	@Test
	void documentsEveryServerFrame() {
		for (String name : SERVER_FRAMES) {
			assertThat(this.protocol).as("server frame %s in docs/PROTOCOL.md", name).contains("| `" + name + "` |");
		}
	}

	private static String read() {
		try {
			return Files.readString(Path.of("docs", "PROTOCOL.md"));
		}
		catch (IOException ex) {
			throw new IllegalStateException("docs/PROTOCOL.md is missing", ex);
		}
	}

}
