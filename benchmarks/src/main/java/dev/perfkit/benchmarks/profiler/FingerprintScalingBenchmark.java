package dev.perfkit.benchmarks.profiler;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import dev.perfkit.profiler.AnalyzedSql;
import dev.perfkit.profiler.QueryProfiler;

/**
 * The profiler's own cost per statement — {@code analyze} (fingerprint, from its parse cache) and {@code record}
 * (statistics, history) — as the number of distinct fingerprints the application sends grows, with the profiler's
 * defaults (5,000 fingerprints kept, the least called evicted beyond). {@code analyze} runs per statement because
 * Spring's {@code JdbcTemplate}/{@code JdbcClient} prepare a statement per call. The JDBC round trip itself is not
 * included: see {@link JdbcProfilerBenchmark} for that.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class FingerprintScalingBenchmark {

	@Param({ "10", "100", "1000", "10000" })
	public int fingerprints;

	private String[] texts;

	private QueryProfiler profiler;

	private int next;

	@Setup
	public void setUp() {
		this.texts = new String[this.fingerprints];
		for (int i = 0; i < this.fingerprints; i++) {
			this.texts[i] = "SELECT id, name, c" + i + " FROM table_" + (i % 50)
					+ " WHERE id = ? AND status IN (1, 2, 3)";
		}
		this.profiler = new QueryProfiler();
	}

	@Benchmark
	public Object perfkitAnalyzeAndRecord() {
		int i = this.next + 1;
		this.next = (i == this.fingerprints) ? 0 : i;
		AnalyzedSql sql = this.profiler.analyze(this.texts[this.next]);
		return this.profiler.record("dataSource", sql, 100_000, 1, 1, null, null);
	}

}
