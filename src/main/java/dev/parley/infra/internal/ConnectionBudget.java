package dev.parley.infra.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import com.sun.management.UnixOperatingSystemMXBean;

/**
 * How many connections the HTTP server accepts and how many of them may be WebSockets.
 * Derived from the process's open-file limit unless {@code parley.connections.max} is
 * set: every connection is a file handle, and the embedded broker (log segments, its
 * sockets), the database, the jars and the Kafka clients need theirs, or the broker fails
 * with "Too many open files" and stops the node. The node keeps
 * {@value #RESERVED_SHARE_PERCENT} % of the limit and at least {@value #RESERVED_FLOOR}
 * handles for itself, and the server never takes less than a quarter of the limit. Of the
 * connections, {@value #NON_SOCKET_SHARE_PERCENT} % and at least
 * {@value #NON_SOCKET_FLOOR} are kept from WebSockets, for requests, idle keep-alive
 * connections and clients still sending their request, so that a node full of sockets
 * still answers (a handshake beyond the sockets' share gets 503).
 *
 * @param fileLimit the process's open-file limit ({@code -1} when the JVM does not say)
 * @param maxConnections connections the server accepts at once
 * @param sockets WebSockets among them
 */
record ConnectionBudget(long fileLimit, int maxConnections, int sockets) {

	static final int RESERVED_SHARE_PERCENT = 20;

	static final int RESERVED_FLOOR = 1024;

	static final int NON_SOCKET_SHARE_PERCENT = 5;

	static final int NON_SOCKET_FLOOR = 8;

	/** Used where the JVM does not report an open-file limit (Tomcat's own default). */
	static final int UNKNOWN_LIMIT_CONNECTIONS = 8192;

	static ConnectionBudget of(long fileLimit, int configured) {
		int max;
		if (configured > 0) {
			max = configured;
		}
		else if (fileLimit <= 0) {
			max = UNKNOWN_LIMIT_CONNECTIONS;
		}
		else {
			long reserved = Math.max(RESERVED_FLOOR, fileLimit * RESERVED_SHARE_PERCENT / 100);
			max = (int) Math.min(Integer.MAX_VALUE, Math.max(fileLimit - reserved, fileLimit / 4));
		}
		int nonSockets = Math.max(NON_SOCKET_FLOOR, max * NON_SOCKET_SHARE_PERCENT / 100);
		return new ConnectionBudget(fileLimit, max, Math.max(1, max - nonSockets));
	}

	/**
	 * The open-file limit of this process, or {@code -1} where the JVM does not report
	 * it.
	 */
	static long processFileLimit() {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		return (os instanceof UnixOperatingSystemMXBean unix) ? unix.getMaxFileDescriptorCount() : -1;
	}

}
