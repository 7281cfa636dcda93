package dev.parley.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the whole machine's CPU time from the first line of {@code /proc/stat}, to tell
 * how much of it the hypervisor took (steal) during a run. On a virtual machine whose
 * host is busy, steal slows the server and the generator alike without showing in their
 * own CPU figures, so a run with much of it is not comparable with one without.
 * Stateless; thread-safe.
 */
final class MachineProbe {

	private static final Path STAT = Path.of("/proc/stat");

	private MachineProbe() {
	}

	/** The machine's CPU time so far, or null where {@code /proc/stat} is unreadable. */
	static Sample sample() {
		try {
			String first = Files.readAllLines(STAT).get(0);
			return parse(first);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Parses the aggregate line: {@code cpu user nice system idle iowait irq softirq
	 * steal ...}, in clock ticks.
	 */
	static Sample parse(String line) {
		String[] fields = line.trim().split("\\s+");
		if (!fields[0].equals("cpu") || fields.length < 9) {
			throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + line);
		}
		long total = 0;
		for (int i = 1; i <= 8; i++) {
			total += Long.parseLong(fields[i]);
		}
		return new Sample(total, Long.parseLong(fields[8]));
	}

	/** Share of the machine's CPU time stolen between two samples, in percent (NaN if unknown). */
	static double stealPercent(Sample earlier, Sample later) {
		if (earlier == null || later == null || later.totalTicks() <= earlier.totalTicks()) {
			return Double.NaN;
		}
		return 100.0 * (later.stealTicks() - earlier.stealTicks()) / (later.totalTicks() - earlier.totalTicks());
	}

	/**
	 * @param totalTicks user, nice, system, idle, iowait, irq, softirq and steal time
	 * @param stealTicks time the hypervisor ran something else while this machine wanted
	 * to run
	 */
	record Sample(long totalTicks, long stealTicks) {
	}

}
