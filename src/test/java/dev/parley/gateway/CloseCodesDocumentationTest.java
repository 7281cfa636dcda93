package dev.parley.gateway;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/PROTOCOL.md's close-code table names every close code the gateway sends. */
class CloseCodesDocumentationTest {

	@Test
	void documentsEveryCloseCodeTheGatewaySends() throws IOException, IllegalAccessException {
		String protocol = Files.readString(Path.of("docs", "PROTOCOL.md"));
		List<Integer> codes = new ArrayList<>();
		for (Field field : ClientSession.class.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == CloseStatus.class) {
				codes.add(((CloseStatus) field.get(null)).getCode());
			}
		}
		assertThat(codes).contains(1013, 4429);
		for (int code : codes) {
			assertThat(protocol).as("close code %d in docs/PROTOCOL.md", code).contains("| " + code + " |");
		}
	}

}
