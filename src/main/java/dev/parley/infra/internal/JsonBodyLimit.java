package dev.parley.infra.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import dev.parley.common.ErrorCode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Limits JSON request bodies to {@code parley.http.max-json-body}: a larger declared
 * length is refused before the body is read, and a body without a declared length stops
 * being read at the limit; both are {@code payload_too_large} (413). Only JSON bodies are
 * limited, so uploads of other types keep their own limits. Thread-safe.
 */
final class JsonBodyLimit extends OncePerRequestFilter {

	private final long limit;

	private final JsonMapper json;

	JsonBodyLimit(long limit, JsonMapper json) {
		this.limit = limit;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!isJson(request.getContentType())) {
			chain.doFilter(request, response);
			return;
		}
		if (request.getContentLengthLong() > this.limit) {
			ProblemDetailsAdvice.write(response, this.json,
					ProblemDetailsAdvice.problem(ErrorCode.PAYLOAD_TOO_LARGE, message()));
			return;
		}
		chain.doFilter(new Limited(request, this.limit, message()), response);
	}

	private String message() {
		return "A JSON body has at most " + this.limit + " bytes.";
	}

	private static boolean isJson(String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return "json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json");
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** Thrown by a body read past the limit; the REST error mapping answers 413. */
	static final class TooLargeException extends IOException {

		private static final long serialVersionUID = 1L;

		TooLargeException(String message) {
			super(message);
		}

	}

	private static final class Limited extends HttpServletRequestWrapper {

		private final long limit;

		private final String message;

		private ServletInputStream stream;

		Limited(HttpServletRequest request, long limit, String message) {
			super(request);
			this.limit = limit;
			this.message = message;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new Counting(super.getInputStream(), this.limit, this.message);
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

	private static final class Counting extends ServletInputStream {

		private final ServletInputStream in;

		private final long limit;

		private final String message;

		private long read;

		Counting(ServletInputStream in, long limit, String message) {
			this.in = in;
			this.limit = limit;
			this.message = message;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws TooLargeException {
			this.read += n;
			if (this.read > this.limit) {
				throw new TooLargeException(this.message);
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

}
