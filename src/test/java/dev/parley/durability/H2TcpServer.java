package dev.parley.durability;

import java.sql.SQLException;

import org.h2.tools.Server;

/**
 * An H2 server over TCP of a test's own, in this JVM, on a free port, with its files
 * under {@code target/}: an external database for a node that the test can cut off with a
 * {@link dev.parley.TcpLink}. Closed by the test class that started it.
 */
final class H2TcpServer implements AutoCloseable {

	private final Server server;

	private H2TcpServer(Server server) {
		this.server = server;
	}

	static H2TcpServer start() throws SQLException {
		return new H2TcpServer(Server
			.createTcpServer("-tcpPort", "0", "-tcpDaemon", "-ifNotExists", "-baseDir",
					"target/it-data/h2-server-" + System.nanoTime())
			.start());
	}

	int port() {
		return this.server.getPort();
	}

	/**
	 * Node properties that point the data source at a new database of this server,
	 * reached through {@code port} (a link's port).
	 */
	String[] dataSource(int port) {
		return new String[] {
				"spring.datasource.url=jdbc:h2:tcp://127.0.0.1:" + port + "/./parley-" + System.nanoTime()
						+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
				"spring.datasource.username=sa", "spring.datasource.password=" };
	}

	@Override
	public void close() {
		this.server.stop();
	}

}
