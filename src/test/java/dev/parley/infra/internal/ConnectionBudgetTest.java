package dev.parley.infra.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionBudgetTest {

	@Test
	void keepsAFifthOfTheOpenFileLimitForTheNodesOwnFiles() {
		assertThat(ConnectionBudget.of(20_000, 0)).isEqualTo(new ConnectionBudget(20_000, 16_000, 15_200));
		assertThat(ConnectionBudget.of(1_048_576, 0).maxConnections()).isEqualTo(838_861);
	}

	@Test
	void keepsAtLeast1024FilesButNeverTakesLessThanAQuarterOfTheLimit() {
		assertThat(ConnectionBudget.of(4096, 0).maxConnections()).isEqualTo(3072);
		assertThat(ConnectionBudget.of(1024, 0).maxConnections()).isEqualTo(256);
	}

	@Test
	void takesTheConfiguredLimitAsItIs() {
		assertThat(ConnectionBudget.of(20_000, 24)).isEqualTo(new ConnectionBudget(20_000, 24, 16));
	}

	@Test
	void fallsBackToTomcatsDefaultWhenTheLimitIsUnknown() {
		assertThat(ConnectionBudget.of(-1, 0).maxConnections()).isEqualTo(8192);
	}

}
