package dev.parley.docs;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.parley.common.ErrorCode;
import dev.parley.gateway.ClientFrame;
import dev.parley.gateway.CloseCode;
import dev.parley.gateway.ServerFrames;
import dev.parley.messaging.EventFrames;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/PROTOCOL.md's tables of error codes, client frames, server frames and close codes
 * list exactly what the code defines: each set is read from the code (the
 * {@link ErrorCode} enum, {@link ClientFrame}'s subtypes, the frame records of
 * {@link ServerFrames} and {@link EventFrames}, the {@link CloseCode} enum), and a name
 * missing from the docs or documented but unknown to the code fails.
 */
class ProtocolDocumentationSyncTest {

	private final String protocol = read();

	@Test
	void documentsExactlyTheErrorCodes() {
		assertThat(firstCells("## Errors")).containsExactlyInAnyOrderElementsOf(
				Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet()));
		for (ErrorCode code : ErrorCode.values()) {
			assertThat(this.protocol).as("HTTP status of %s in docs/PROTOCOL.md", code.code())
				.contains("| `" + code.code() + "` | " + code.httpStatus() + " |");
		}
	}

	@Test
	void documentsExactlyTheClientFrames() {
		List<String> names = Arrays.stream(ClientFrame.class.getAnnotation(JsonSubTypes.class).value())
			.map(JsonSubTypes.Type::name)
			.toList();
		assertThat(names).hasSize(ClientFrame.class.getPermittedSubclasses().length);
		assertThat(firstCells("### Client frames")).containsExactlyInAnyOrderElementsOf(names);
	}

	@Test
	void documentsExactlyTheServerFrames() {
		Set<String> types = new TreeSet<>();
		types.addAll(frameTypes(ServerFrames.class));
		types.addAll(frameTypes(EventFrames.class));
		assertThat(types).contains("ready", "message", "error");
		assertThat(firstCells("### Server frames")).containsExactlyInAnyOrderElementsOf(types);
	}

	@Test
	void documentsExactlyTheCloseCodes() {
		assertThat(firstCells("### Close codes")).containsExactlyInAnyOrderElementsOf(
				Arrays.stream(CloseCode.values()).map((code) -> String.valueOf(code.code())).toList());
	}

	/** So that {@link CloseCode} is the whole list: nothing else makes a close status. */
	@Test
	void closesSocketsOnlyWithCloseCodes() {
		JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.parley");
		noClasses().that()
			.doNotHaveFullyQualifiedName(CloseCode.class.getName())
			.should()
			.callConstructorWhere(describe("a CloseStatus constructor",
					(call) -> call.getTargetOwner().isEquivalentTo(CloseStatus.class)))
			.orShould()
			.getFieldWhere(describe("a CloseStatus constant",
					(access) -> access.getTargetOwner().isEquivalentTo(CloseStatus.class)))
			.orShould()
			.callMethodWhere(describe("CloseStatus.withReason",
					(call) -> call.getTargetOwner().isEquivalentTo(CloseStatus.class)
							&& call.getName().equals("withReason")))
			.because("every close code the server sends is a CloseCode, which docs/PROTOCOL.md lists")
			.check(main);
	}

	/**
	 * The {@code type} of every frame record nested in a frames class, from the
	 * constructor that sets it.
	 */
	private static Set<String> frameTypes(Class<?> frames) {
		Set<String> types = new TreeSet<>();
		for (Class<?> frame : frames.getDeclaredClasses()) {
			if (frame.isRecord()) {
				types.add(typeOf(frame));
			}
		}
		return types;
	}

	private static String typeOf(Class<?> frame) {
		Class<?>[] canonical = Arrays.stream(frame.getRecordComponents())
			.map(RecordComponent::getType)
			.toArray(Class<?>[]::new);
		for (Constructor<?> constructor : frame.getConstructors()) {
			if (Arrays.equals(constructor.getParameterTypes(), canonical)) {
				continue;
			}
			Object[] args = Arrays.stream(constructor.getParameterTypes())
				.map(ProtocolDocumentationSyncTest::zero)
				.toArray();
			try {
				Object instance = constructor.newInstance(args);
				return (String) frame.getMethod("type").invoke(instance);
			}
			catch (InvocationTargetException ex) {
				// a constructor that needs a real argument: try the next one
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException(frame + " has no constructor that sets its type");
	}

	private static Object zero(Class<?> type) {
		if (type == long.class) {
			return 0L;
		}
		if (type == int.class) {
			return 0;
		}
		if (type == boolean.class) {
			return false;
		}
		return null;
	}

	/** The first cell of every table row in a section, without backticks. */
	private List<String> firstCells(String heading) {
		List<String> lines = this.protocol.lines().toList();
		int start = lines.indexOf(heading);
		assertThat(start).as("section %s in docs/PROTOCOL.md", heading).isNotNegative();
		int level = heading.indexOf(' ');
		List<String> cells = new ArrayList<>();
		boolean header = true;
		for (String line : lines.subList(start + 1, lines.size())) {
			if (line.startsWith("#") && line.indexOf(' ') <= level) {
				break;
			}
			if (!line.startsWith("|")) {
				header = true;
				continue;
			}
			String cell = line.substring(1, line.indexOf('|', 1)).strip();
			if (header || cell.startsWith("---")) {
				header = cell.startsWith("---") ? false : header;
				continue;
			}
			cells.add(cell.replace("`", ""));
		}
		return cells;
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
