package dev.parley.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.parley.bench.relay.RelayServer;
import dev.parley.bench.relay.RelayStack;

/**
 * The messaging scenarios against the in-process relay on each server stack
 * ({@link ScenarioChecks}): the same protocol logic delivers exactly the same on every
 * stack.
 */
@ParameterizedClass
@EnumSource(RelayStack.class)
@Timeout(120)
class RelayCalibrationTest extends ScenarioChecks {

	private final RelayStack stack;

	private RelayServer relay;

	RelayCalibrationTest(RelayStack stack) {
		this.stack = stack;
	}

	@BeforeEach
	void startRelay() throws InterruptedException {
		this.relay = RelayServer.start(this.stack, "127.0.0.1", 0, 1);
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
