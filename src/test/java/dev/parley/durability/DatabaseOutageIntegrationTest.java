package dev.parley.durability;

import java.sql.SQLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DatabaseOutageScenarios} on H2, served over TCP by an {@link H2TcpServer} of the
 * test's own. H2's client reports its cut connections with errors the pool does not take
 * for broken connections, so here requests fail on those at once; the pool's own wait for
 * a connection the database cannot give is what the PostgreSQL run exercises.
 */
@Tag("integration")
@Timeout(300)
class DatabaseOutageIntegrationTest extends DatabaseOutageScenarios {

	private static H2TcpServer server;

	@BeforeAll
	static void startServer() throws SQLException {
		server = H2TcpServer.start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Override
	String host() {
		return "127.0.0.1";
	}

	@Override
	int port() {
		return server.port();
	}

	@Override
	String[] dataSource(int linkPort) {
		return server.dataSource(linkPort);
	}

}
