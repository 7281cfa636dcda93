package dev.parley.bench.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.offset;

class MachineProbeTest {

	@Test
	void computesTheStolenShareOfTheMachinesTime() {
		MachineProbe.Sample before = MachineProbe.parse("cpu  1000 0 200 5000 10 0 5 100 0 0");
		MachineProbe.Sample after = MachineProbe.parse("cpu  1600 0 300 5100 10 0 5 400 0 0");
		assertThat(before.totalTicks()).isEqualTo(6315);
		assertThat(after.stealTicks()).isEqualTo(400);
		// 1,100 ticks went by, 300 of them stolen
		assertThat(MachineProbe.stealPercent(before, after)).isCloseTo(27.27, offset(0.01));
	}

	@Test
	void saysUnknownRatherThanGuessing() {
		MachineProbe.Sample sample = MachineProbe.parse("cpu 1 2 3 4 5 6 7 8");
		assertThat(MachineProbe.stealPercent(null, sample)).isNaN();
		assertThat(MachineProbe.stealPercent(sample, sample)).isNaN();
		assertThatIllegalArgumentException().isThrownBy(() -> MachineProbe.parse("cpu0 1 2 3 4 5 6 7 8"));
		assertThatIllegalArgumentException().isThrownBy(() -> MachineProbe.parse("cpu 1 2 3"));
	}

	@Test
	void readsThisMachine() {
		MachineProbe.Sample sample = MachineProbe.sample();
		assertThat(sample).isNotNull();
		assertThat(sample.totalTicks()).isPositive();
		assertThat(sample.stealTicks()).isBetween(0L, sample.totalTicks());
	}

}
