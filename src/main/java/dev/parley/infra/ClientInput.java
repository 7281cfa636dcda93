package dev.parley.infra;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import dev.parley.common.TextRules;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what clients send (REST bodies, WebSocket frames, the seed API's frames) and says
 * what is wrong with it in the API's words: the field and the JSON type it needs, never a
 * Java class. Its mapper is the application's, except that a number with a fraction is
 * not taken for an id ({@code "conversationId": 71.9} is refused, not read as 71);
 * Parley's own Kafka payloads keep the application's mapper. Thread-safe.
 */
public final class ClientInput {

	/** The longest frame id that is sent back. */
	public static final int MAX_ID_LENGTH = 64;

	/**
	 * A field name fit to be repeated in an error message (a map key may be anything).
	 */
	private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private final JsonMapper mapper;

	public ClientInput(JsonMapper application) {
		this.mapper = application.rebuild().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT).build();
	}

	/** The mapper for client input, which also serves the REST API's JSON. */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * Reads one client message.
	 * @throws ParleyException {@code malformed_request} when it is not JSON of the
	 * expected shape, {@code validation_failed} when a field has the wrong type
	 */
	public <T> T read(String json, Class<T> type) {
		try {
			return this.mapper.readValue(json, type);
		}
		catch (JacksonException ex) {
			throw refusal(ex);
		}
	}

	/**
	 * The {@code id} field of a client message that could not be read whole, when the
	 * message is a JSON object whose {@code id} is a string that can be sent back.
	 */
	public Optional<String> idOf(String json) {
		try {
			JsonNode id = this.mapper.readTree(json).path("id");
			return (id.isString() && isEchoable(id.asString())) ? Optional.of(id.asString()) : Optional.empty();
		}
		catch (JacksonException | UnsupportedOperationException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Checks a frame's {@code id}, which comes back in its answer: at most
	 * {@value #MAX_ID_LENGTH} characters of text {@link TextRules} accepts.
	 * @throws ParleyException {@code validation_failed} otherwise
	 */
	public static void requireEchoableId(String id) {
		if (id != null && !isEchoable(id)) {
			throw new ParleyException(ErrorCode.VALIDATION_FAILED,
					"id must be at most " + MAX_ID_LENGTH + " characters of valid text.");
		}
	}

	private static boolean isEchoable(String id) {
		return id.length() <= MAX_ID_LENGTH && TextRules.problemInText(id).isEmpty();
	}

	/** What a client sees for a message Jackson could not read. */
	public static ParleyException refusal(JacksonException failure) {
		String field = field(failure);
		if (failure instanceof InvalidTypeIdException) {
			return new ParleyException(ErrorCode.VALIDATION_FAILED,
					"type is missing or unknown; see docs/PROTOCOL.md for the frame types.");
		}
		Class<?> target = (failure instanceof MismatchedInputException mismatch) ? mismatch.getTargetType()
				: (failure instanceof InputCoercionException coercion) ? coercion.getTargetType() : null;
		if (!field.isEmpty() && (target != null || failure instanceof MismatchedInputException)) {
			String expected = (target != null) ? jsonType(target) : "of another type";
			return new ParleyException(ErrorCode.VALIDATION_FAILED, field + " must be " + expected + ".");
		}
		if (failure instanceof StreamReadException && !(failure instanceof InputCoercionException)) {
			return new ParleyException(ErrorCode.MALFORMED_REQUEST, "The request is not valid JSON.");
		}
		return new ParleyException(ErrorCode.MALFORMED_REQUEST,
				"The request is not a JSON object of the " + "expected shape; see docs/PROTOCOL.md.");
	}

	/**
	 * A JSON type in the API's words ("an integer", "a string"), for a value of this Java
	 * type.
	 */
	public static String jsonType(Class<?> type) {
		if (type == long.class || type == Long.class || type == int.class || type == Integer.class
				|| type == short.class || type == Short.class || type == BigInteger.class) {
			return "an integer";
		}
		if (type == double.class || type == Double.class || type == float.class || type == Float.class
				|| type == BigDecimal.class) {
			return "a number";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
			return "a string";
		}
		if (type.isArray() || Collection.class.isAssignableFrom(type)) {
			return "a list";
		}
		return "an object";
	}

	private static String field(JacksonException failure) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : failure.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!FIELD_NAME.matcher(reference.getPropertyName()).matches()) {
					break;
				}
				if (path.length() > 0) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

}
