package dev.parley;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * REST calls as one signed-in user, answering status and parsed body, errors included.
 */
public final class TestApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * An HTTP answer.
	 *
	 * @param status the status code
	 * @param body the parsed body ({@code null} when empty)
	 * @param headers the response headers
	 */
	public record Response(int status, JsonNode body, HttpHeaders headers) {

		/** The problem detail's stable code. */
		public String code() {
			return this.body.path("code").asString();
		}

	}

	private final RestClient rest;

	private final String token;

	private TestApi(int port, String token) {
		this.rest = RestClient.create("http://localhost:" + port);
		this.token = token;
	}

	public static TestApi as(int port, String token) {
		return new TestApi(port, token);
	}

	public static TestApi anonymous(int port) {
		return new TestApi(port, null);
	}

	public Response get(String path) {
		return call(HttpMethod.GET, path, null);
	}

	public Response post(String path, Object body) {
		return call(HttpMethod.POST, path, body);
	}

	public Response put(String path, Object body) {
		return call(HttpMethod.PUT, path, body);
	}

	public Response patch(String path, Object body) {
		return call(HttpMethod.PATCH, path, body);
	}

	public Response delete(String path) {
		return call(HttpMethod.DELETE, path, null);
	}

	/** The id of the direct conversation with {@code userId}, created if needed. */
	public long directWith(long userId) {
		return post("/api/v1/conversations/direct", Map.of("userId", userId)).body().path("conversationId").asLong();
	}

	/** Whether the user is online as {@code GET /api/v1/presence} tells this caller. */
	public boolean online(long userId) {
		return get("/api/v1/presence?userIds=" + userId).body().get(0).path("online").asBoolean();
	}

	/** POSTs a raw string as JSON. */
	public Response postRaw(String path, String json) {
		return call(HttpMethod.POST, path, json);
	}

	/** POSTs a raw string with this content type. */
	public Response postAs(String path, MediaType contentType, String text) {
		return call(HttpMethod.POST, path, text, contentType, MediaType.ALL);
	}

	/** GETs with this {@code Accept} header. */
	public Response getAccepting(String path, MediaType accept) {
		return call(HttpMethod.GET, path, null, null, accept);
	}

	private Response call(HttpMethod method, String path, Object body) {
		return call(method, path, body, MediaType.APPLICATION_JSON, null);
	}

	private Response call(HttpMethod method, String path, Object body, MediaType contentType, MediaType accept) {
		RestClient.RequestBodySpec request = this.rest.method(method).uri(path);
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		if (accept != null) {
			request.accept(accept);
		}
		if (body != null) {
			request.contentType(contentType);
			request.body((body instanceof String text) ? text : JSON.writeValueAsString(body));
		}
		return request.exchange((req, res) -> {
			String text = new String(res.getBody().readAllBytes());
			return new Response(res.getStatusCode().value(), text.isEmpty() ? null : JSON.readTree(text),
					HttpHeaders.readOnlyHttpHeaders(res.getHeaders()));
		});
	}

}
