package dev.parley.durability;

import java.net.URI;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DatabaseOutageScenarios} on the PostgreSQL database of
 * {@code PARLEY_TEST_POSTGRES_URL}: the node reaches it through the test's link, which is
 * cut while the server keeps running for everyone else.
 */
@Tag("integration")
@Tag("postgres")
@Timeout(300)
class DatabaseOutagePostgresIntegrationTest extends DatabaseOutageScenarios {

	private final URI url = URI.create(System.getenv("PARLEY_TEST_POSTGRES_URL").substring("jdbc:".length()));

	@Override
	String host() {
		return this.url.getHost();
	}

	@Override
	int port() {
		return (this.url.getPort() > 0) ? this.url.getPort() : 5432;
	}

	@Override
	String[] dataSource(int linkPort) {
		return new String[] { "spring.datasource.url=jdbc:postgresql://127.0.0.1:" + linkPort + this.url.getRawPath()
				+ ((this.url.getRawQuery() != null) ? "?" + this.url.getRawQuery() : "") };
	}

}
