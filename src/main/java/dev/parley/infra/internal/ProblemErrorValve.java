package dev.parley.infra.internal;

import java.io.IOException;

import dev.parley.common.ErrorCode;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ProblemDetail;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;

/**
 * Tomcat's error report in Parley's shape: an error response that nothing else wrote a
 * body for (a request Tomcat refused before it reached the application, such as a path
 * with {@code %2F} or {@code %00}) gets an RFC 9457 problem detail with a stable
 * {@code code}, in place of Tomcat's HTML page. It takes the place of the host's
 * {@code ErrorReportValve}. Thread-safe.
 */
final class ProblemErrorValve extends ValveBase {

	private final JsonMapper json;

	ProblemErrorValve(JsonMapper json) {
		super(true);
		this.json = json;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		getNext().invoke(request, response);
		if (response.isCommitted() || (request.isAsync() && !request.isAsyncCompleting())) {
			return;
		}
		Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		if (failure != null && !response.isError()) {
			response.reset();
			response.sendError(500);
		}
		response.setSuspended(false);
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		ErrorCode code = codeFor(status);
		try {
			ProblemDetail problem = ProblemDetailsAdvice.problem(code, detailFor(status, code));
			problem.setStatus(status);
			ProblemDetailsAdvice.write(response, this.json, problem);
			response.finishResponse();
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away, or the response was already taken over
		}
	}

	static ErrorCode codeFor(int status) {
		for (ErrorCode code : ErrorCode.values()) {
			if (code.httpStatus() == status && code != ErrorCode.VALIDATION_FAILED && code != ErrorCode.INVALID_CODE
					&& code != ErrorCode.BLOCKED) {
				return code;
			}
		}
		return (status < 500) ? ErrorCode.MALFORMED_REQUEST : ErrorCode.INTERNAL_ERROR;
	}

	private static String detailFor(int status, ErrorCode code) {
		return (status == 400) ? "The request could not be read: its path, query or headers are not valid."
				: code.defaultMessage();
	}

}
