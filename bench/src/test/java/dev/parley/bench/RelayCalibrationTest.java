package dev.parley.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

import dev.parley.bench.relay.RelayServer;

/**
 * The messaging scenarios against the in-process relay on plain Netty
 * ({@link ScenarioChecks}).
 */
@Timeout(120)
class RelayCalibrationTest extends ScenarioChecks {

	private RelayServer relay;

	@BeforeEach
	void startRelay() throws InterruptedException {
		this.relay = RelayServer.start("127.0.0.1", 0, 1);
	}

	@AfterEach
	void stopRelay() {
		this.relay.close();
	}

	@Override
	String url() {
		return "http://127.0.0.1:" + this.relay.port();
	}

	@Override
	String target() {
		return "relay";
	}

}
