package dev.perfkit.test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The client's view of one fault: the requests of a {@link LoadGenerator} split into the phases before, during and
 * after the fault by when they were sent, each phase summarised (requests, errors, latency percentiles), and the
 * recovery times the harness measured, rendered as a Markdown table.
 *
 * @since 0.1.0
 */
public final class FaultReport {

	private final String fault;

	private final Map<String, Long> phaseStarts = new LinkedHashMap<>();

	private final Map<String, String> recoveries = new LinkedHashMap<>();

	private List<LoadGenerator.Sample> samples = List.of();

	/**
	 * Starts the report of a fault.
	 * @param fault what was done, in words
	 */
	public FaultReport(String fault) {
		this.fault = fault;
	}

	/**
	 * Marks the start of a phase now: requests sent from now on belong to it.
	 * @param phase the phase's name
	 */
	public void phase(String phase) {
		this.phaseStarts.put(phase, System.nanoTime());
	}

	/**
	 * Records a recovery time.
	 * @param what what came back, for example "L2 used again after the restart"
	 * @param millis how long it took, or a negative number if it did not happen
	 */
	public void recovery(String what, long millis) {
		this.recoveries.put(what, (millis < 0) ? "not seen" : String.format(Locale.ROOT, "%.2f s", millis / 1000.0));
	}

	/**
	 * Sets the requests of the run.
	 * @param samples the samples
	 */
	public void samples(List<LoadGenerator.Sample> samples) {
		this.samples = List.copyOf(samples);
	}

	/**
	 * The phases' summaries, in order.
	 * @return one summary per phase
	 */
	public List<Phase> phases() {
		List<String> names = new ArrayList<>(this.phaseStarts.keySet());
		List<Phase> phases = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			long from = this.phaseStarts.get(names.get(i));
			long to = (i + 1 < names.size()) ? this.phaseStarts.get(names.get(i + 1)) : Long.MAX_VALUE;
			long[] latencies = this.samples.stream()
				.filter((sample) -> sample.startNanos() - from >= 0 && (to == Long.MAX_VALUE || sample.startNanos() - to < 0))
				.mapToLong(LoadGenerator.Sample::latencyNanos)
				.sorted()
				.toArray();
			long errors = this.samples.stream()
				.filter((sample) -> sample.startNanos() - from >= 0 && (to == Long.MAX_VALUE || sample.startNanos() - to < 0))
				.filter(LoadGenerator.Sample::isError)
				.count();
			phases.add(new Phase(names.get(i), latencies.length, errors, percentile(latencies, 0.50),
					percentile(latencies, 0.99), (latencies.length == 0) ? 0 : latencies[latencies.length - 1] / 1e6));
		}
		return phases;
	}

	/**
	 * When a phase started.
	 * @param phase the phase's name
	 * @return its start, on {@link System#nanoTime()}'s scale
	 */
	public long phaseStart(String phase) {
		Long start = this.phaseStarts.get(phase);
		if (start == null) {
			throw new IllegalArgumentException("No phase '" + phase + "'");
		}
		return start;
	}

	/**
	 * How many requests got no answer at all within the load's timeout.
	 * @return the count
	 */
	public long noAnswers() {
		return this.samples.stream().filter((sample) -> sample.status() == LoadGenerator.NO_ANSWER).count();
	}

	/**
	 * The longest latency of any request.
	 * @return the maximum, in milliseconds
	 */
	public double maxMillis() {
		return this.samples.stream().mapToLong(LoadGenerator.Sample::latencyNanos).max().orElse(0) / 1e6;
	}

	/**
	 * The report as Markdown: a heading line, the phase table and the recovery times.
	 * @return the Markdown text
	 */
	public String toMarkdown() {
		StringBuilder text = new StringBuilder();
		text.append("**").append(this.fault).append("**\n\n");
		text.append("| phase | requests | errors | p50 ms | p99 ms | max ms |\n");
		text.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
		for (Phase phase : phases()) {
			text.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f |%n", phase.name(),
					phase.requests(), phase.errors(), phase.p50Millis(), phase.p99Millis(), phase.maxMillis()));
		}
		if (!this.recoveries.isEmpty()) {
			text.append('\n');
			List<String> parts = new ArrayList<>();
			this.recoveries.forEach((what, time) -> parts.add(what + ": " + time));
			text.append(String.join("; ", parts)).append(".\n");
		}
		return text.toString();
	}

	private static double percentile(long[] sorted, double percentile) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(percentile * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

	@Override
	public String toString() {
		return this.fault + " " + Arrays.toString(phases().toArray());
	}

	/**
	 * The requests sent during one phase.
	 *
	 * @param name the phase's name
	 * @param requests how many were sent
	 * @param errors how many got no answer or a 5xx
	 * @param p50Millis median latency
	 * @param p99Millis 99th percentile latency
	 * @param maxMillis longest latency
	 */
	public record Phase(String name, int requests, long errors, double p50Millis, double p99Millis, double maxMillis) {
	}

}
