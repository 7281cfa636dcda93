package dev.parley.bench.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap in use, as the {@code connections} scenario reads it from
 * {@code jcmd PID GC.heap_info}: every generation counts, metaspace does not.
 */
class ProcessProbeTest {

	@Test
	void readsTheHeapInUseOfG1() {
		String info = """
				27772:
				 garbage-first heap   total 397312K, used 17946K [0x0000000687400000, 0x0000000800000000)
				  region size 4096K, 4 young (16384K), 0 survivors (0K)
				 Metaspace       used 8915K, committed 9088K, reserved 1114112K
				  class space    used 1062K, committed 1152K, reserved 1048576K
				""";
		assertThat(ProcessProbe.heapUsedKb(info)).isEqualTo(17946);
	}

	@Test
	void addsTheGenerationsOfAGenerationalHeap() {
		String info = """
				27969:
				 PSYoungGen      total 113152K, used 17511K [0x0000000782700000, 0x000000078a500000, 0x0000000800000000)
				  eden space 97280K, 18% used [0x0000000782700000,0x0000000783819f00,0x0000000788600000)
				  from space 15872K, 0% used [0x0000000789580000,0x0000000789580000,0x000000078a500000)
				  to   space 15872K, 0% used [0x0000000788600000,0x0000000788600000,0x0000000789580000)
				 ParOldGen       total 258048K, used 40000K [0x0000000687400000, 0x0000000697000000, 0x0000000782700000)
				  object space 258048K, 15% used [0x0000000687400000,0x0000000687400000,0x0000000697000000)
				 Metaspace       used 8896K, committed 9088K, reserved 1114112K
				  class space    used 1062K, committed 1152K, reserved 1048576K
				""";
		assertThat(ProcessProbe.heapUsedKb(info)).isEqualTo(17511 + 40000);
	}

	@Test
	void saysUnknownWhenTheOutputHasNoHeap() {
		assertThat(ProcessProbe.heapUsedKb("12345:\nNo such process\n")).isEqualTo(-1);
	}

}
