package dev.parley.infra.internal;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Keeps the libraries that print what passes through them below DEBUG from doing so,
 * whatever levels are configured: at DEBUG and TRACE they log request and response bodies
 * (activation codes, access tokens, message bodies), request lines and headers (the
 * seed's {@code ?accessToken=}, {@code Authorization}), WebSocket sessions with their URL
 * and the frames they carry, the SMS gateway's request body, and the values of SQL
 * parameters. A logback turbo filter drops their events below INFO; their INFO, WARN and
 * ERROR lines pass. Installed once Spring Boot has set up logging (and again each time it
 * does). Parley's own code logs none of these at any level.
 */
final class SecretLoggers extends TurboFilter
		implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	/** Loggers (and their children) whose DEBUG and TRACE lines may carry secrets. */
	static final List<String> QUIET = List.of(
			// request lines with their query string, headers and the bytes read
			"org.apache.coyote", "org.apache.tomcat.util.http", "org.apache.catalina.connector",
			"org.apache.tomcat.websocket", "org.springframework.web.servlet.DispatcherServlet",
			// request and response bodies as read and written
			"org.springframework.web.servlet.mvc.method", "org.springframework.http.converter",
			"org.springframework.web.filter",
			// the arguments a controller method is called with
			"org.springframework.web.method",
			// WebSocket sessions (their URL) and frames
			"org.springframework.web.socket",
			// the SMS gateway's request body
			"org.springframework.web.client", "jdk.internal.httpclient",
			// SQL parameter values (message bodies, token hashes)
			"org.springframework.jdbc.core.StatementCreatorUtils", "org.postgresql", "h2database");

	private static final String NAME = "parley-secret-loggers";

	SecretLoggers() {
		setName(NAME);
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		// the usual case (every isDebugEnabled() of every library): the logger's own
		// level drops the event anyway, so no name is compared
		if (level == null || level.isGreaterOrEqual(Level.INFO) || logger == null
				|| !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
			return FilterReply.NEUTRAL;
		}
		String name = logger.getName();
		for (String quiet : QUIET) {
			if (name.startsWith(quiet)) {
				return FilterReply.DENY;
			}
		}
		return FilterReply.NEUTRAL;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
				&& context.getTurboFilterList().stream().noneMatch((filter) -> NAME.equals(filter.getName()))) {
			SecretLoggers filter = new SecretLoggers();
			filter.setContext(context);
			filter.start();
			context.addTurboFilter(filter);
		}
	}

	/** After Spring Boot's logging set-up, which resets logback's filters. */
	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}

}
