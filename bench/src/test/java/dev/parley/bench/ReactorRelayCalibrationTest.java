package dev.parley.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

import dev.parley.bench.relay.RelayServer;
import dev.parley.bench.relay.RelayStack;

/**
 * The messaging scenarios against the relay on Reactor Netty: the same protocol logic on
 * another stack delivers exactly what the Netty relay does ({@link ScenarioChecks}).
 */
@Timeout(120)
class ReactorRelayCalibrationTest extends ScenarioChecks {

	private RelayServer relay;

	@BeforeEach
	void startRelay() throws InterruptedException {
		this.relay = RelayServer.start(RelayStack.REACTOR, "127.0.0.1", 0, 1);
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
