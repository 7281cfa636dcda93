package dev.parley.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Linux process's CPU time ({@code /proc/PID/stat} utime + stime, in clock ticks
 * of 10 ms, the x86-64 USER_HZ) and resident memory ({@code VmRSS} of
 * {@code /proc/PID/status}), and can force a full GC of a JVM with {@code jcmd PID GC.run}.
 * Stateless; thread-safe.
 */
public record ProcessProbe(long pid) {

	private static final long NANOS_PER_TICK = 10_000_000L;

	/** A generation's {@code used 1234K} (not a space's {@code 18% used}). */
	private static final Pattern USED = Pattern.compile("used (\\d+)K");

	/** The bench's own JVM. */
	public static ProcessProbe self() {
		return new ProcessProbe(ProcessHandle.current().pid());
	}

	public Sample sample() {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(this.pid), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			long rssKb = -1;
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(this.pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
			return new Sample(ticks * NANOS_PER_TICK, rssKb, System.nanoTime());
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("cannot read /proc/" + this.pid + ": " + ex.getMessage(), ex);
		}
	}

	/** Runs {@code jcmd PID GC.run}; returns whether it succeeded. */
	public boolean gc() {
		return jcmd("GC.run") != null;
	}

	/** Heap in use (KiB) from {@code jcmd PID GC.heap_info}, or -1 when unavailable. */
	public long heapUsedKb() {
		String info = jcmd("GC.heap_info");
		return (info == null) ? -1 : heapUsedKb(info);
	}

	/**
	 * The heap in use (KiB) that {@code GC.heap_info} reports: the {@code used} figure of
	 * each generation (one for G1, young and old for the Parallel and Serial collectors),
	 * up to the metaspace lines, which are not heap; -1 when there is none.
	 */
	static long heapUsedKb(String heapInfo) {
		long used = -1;
		for (String line : heapInfo.split("\n")) {
			if (line.trim().startsWith("Metaspace")) {
				break;
			}
			Matcher m = USED.matcher(line);
			if (m.find()) {
				used = Math.max(used, 0) + Long.parseLong(m.group(1));
			}
		}
		return used;
	}

	private String jcmd(String command) {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		try {
			Process process = new ProcessBuilder(jcmd.toString(), Long.toString(this.pid), command)
				.redirectErrorStream(true)
				.start();
			String out = new String(process.getInputStream().readAllBytes());
			return (process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0) ? out : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * @param cpuNanos user + system CPU time so far
	 * @param rssKb resident set size
	 * @param atNanos when sampled ({@link System#nanoTime()})
	 */
	public record Sample(long cpuNanos, long rssKb, long atNanos) {

		/** CPU used since {@code earlier}, in percent of one core. */
		public double cpuPercentSince(Sample earlier) {
			return 100.0 * (this.cpuNanos - earlier.cpuNanos) / Math.max(1, this.atNanos - earlier.atNanos);
		}

	}

}
