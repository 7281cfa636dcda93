package dev.parley.infra.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import dev.parley.infra.ClientInput;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place REST errors become RFC 9457 problem details, each with the stable
 * {@code code} property of its {@link ErrorCode}. Expected faults are not logged;
 * anything else is a bug and is logged at ERROR with its stack trace.
 */
@RestControllerAdvice
class ProblemDetailsAdvice {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler(ParleyException.class)
	ResponseEntity<ProblemDetail> parley(ParleyException ex) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.errorCode().httpStatus());
		ex.retryAfter()
			.ifPresent((after) -> response.header(HttpHeaders.RETRY_AFTER,
					String.valueOf(Math.max(1, (after.toMillis() + 999) / 1000))));
		return response.body(problem(ex.errorCode(), ex.getMessage()));
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException ex) {
		String detail = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> error.getField() + ": " + error.getDefaultMessage())
			.sorted()
			.collect(Collectors.joining("; "));
		return respond(ErrorCode.VALIDATION_FAILED, detail.isEmpty() ? null : detail);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> wrongType(MethodArgumentTypeMismatchException ex) {
		String expected = (ex.getRequiredType() != null) ? ClientInput.jsonType(ex.getRequiredType()) : "valid";
		return respond(ErrorCode.VALIDATION_FAILED, ex.getName() + " must be " + expected + ".");
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException ex) {
		return respond(ErrorCode.VALIDATION_FAILED, ex.getParameterName() + " is required.");
	}

	@ExceptionHandler(MissingRequestHeaderException.class)
	ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException ex) {
		return respond(ErrorCode.VALIDATION_FAILED, "The " + ex.getHeaderName() + " header is required.");
	}

	@ExceptionHandler(HandlerMethodValidationException.class)
	ResponseEntity<ProblemDetail> invalidParameter(HandlerMethodValidationException ex) {
		String detail = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> result.getMethodParameter().getParameterName() + ": " + error.getDefaultMessage()))
			.sorted()
			.collect(Collectors.joining("; "));
		return respond(ErrorCode.VALIDATION_FAILED, detail.isEmpty() ? null : detail);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof JsonBodyLimit.TooLargeException) {
				return respond(ErrorCode.PAYLOAD_TOO_LARGE, cause.getMessage());
			}
		}
		if (ex.getCause() instanceof JacksonException jackson) {
			ParleyException refusal = ClientInput.refusal(jackson);
			return respond(refusal.errorCode(), refusal.getMessage());
		}
		return respond(ErrorCode.MALFORMED_REQUEST,
				"The request body is missing or is not valid JSON of the " + "expected shape; see docs/PROTOCOL.md.");
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<ProblemDetail> noResource(NoResourceFoundException ex) {
		return respond(ErrorCode.NOT_FOUND, "No such resource: /" + ex.getResourcePath());
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException ex) {
		Set<HttpMethod> allowed = (ex.getSupportedHttpMethods() != null) ? ex.getSupportedHttpMethods() : Set.of();
		String detail = ex.getMethod() + " is not allowed here" + (allowed.isEmpty() ? "."
				: "; use " + allowed.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(" or ")) + ".");
		return ResponseEntity.status(ErrorCode.METHOD_NOT_ALLOWED.httpStatus())
			.allow(allowed.toArray(HttpMethod[]::new))
			.body(problem(ErrorCode.METHOD_NOT_ALLOWED, detail));
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException ex) {
		String detail = (ex.getContentType() != null) ? "The body must be application/json, not "
				+ ex.getContentType().getType() + "/" + ex.getContentType().getSubtype() + "."
				: ErrorCode.UNSUPPORTED_MEDIA_TYPE.defaultMessage();
		return ResponseEntity.status(ErrorCode.UNSUPPORTED_MEDIA_TYPE.httpStatus())
			.header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
			.body(problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, detail));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> bug(Exception ex) {
		ParleyException busy = ParleyException.ifDatabaseBusy(ex).orElse(null);
		if (busy != null) {
			log.warn("A request found the database too busy: {}", ex.getClass().getSimpleName());
			return parley(busy);
		}
		log.error("Unexpected failure handling a request", ex);
		return respond(ErrorCode.INTERNAL_ERROR, null);
	}

	private static ResponseEntity<ProblemDetail> respond(ErrorCode code, String detail) {
		return ResponseEntity.status(code.httpStatus()).body(problem(code, detail));
	}

	/**
	 * Writes a problem detail as the whole body of a response that no controller answers
	 * (a filter's refusal, Tomcat's own error report), with the problem's status.
	 */
	static void write(HttpServletResponse response, JsonMapper json, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getOutputStream().write(json.writeValueAsBytes(problem));
	}

	static ProblemDetail problem(ErrorCode code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code.httpStatus()),
				(detail != null) ? detail : code.defaultMessage());
		problem.setType(URI.create("https://parley.dev/errors/" + code.code()));
		problem.setProperty("code", code.code());
		return problem;
	}

}
