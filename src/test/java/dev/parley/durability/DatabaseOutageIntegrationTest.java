package dev.parley.durability;

import java.sql.SQLException;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DatabaseOutageScenarios} on H2, served over TCP by an H2 server of the test's
 * own (in this JVM, on a free port, its files under {@code target/}). H2's client reports
 * its cut connections with errors the pool does not take for broken connections, so here
 * requests fail on those at once; the pool's own wait for a connection the database
 * cannot give is what the PostgreSQL run exercises.
 */
@Tag("integration")
@Timeout(300)
class DatabaseOutageIntegrationTest extends DatabaseOutageScenarios {

	private static Server server;

	@BeforeAll
	static void startServer() throws SQLException {
		server = Server
			.createTcpServer("-tcpPort", "0", "-tcpDaemon", "-ifNotExists", "-baseDir",
					"target/it-data/h2-server-" + System.nanoTime())
			.start();
	}

	@AfterAll
	static void stopServer() {
		server.stop();
	}

	@Override
	String host() {
		return "127.0.0.1";
	}

	@Override
	int port() {
		return server.getPort();
	}

	@Override
	String[] dataSource(int linkPort) {
		return new String[] {
				"spring.datasource.url=jdbc:h2:tcp://127.0.0.1:" + linkPort + "/./parley-" + System.nanoTime()
						+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
				"spring.datasource.username=sa", "spring.datasource.password=" };
	}

}
