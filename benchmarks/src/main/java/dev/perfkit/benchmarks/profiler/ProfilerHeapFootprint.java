package dev.perfkit.benchmarks.profiler;

import java.util.Locale;

import dev.perfkit.profiler.AnalyzedSql;
import dev.perfkit.profiler.QueryProfiler;

/**
 * Retained heap of a profiler with its defaults (1,000 statements of history, 5,000 fingerprints) after N distinct
 * SQL texts, each a distinct fingerprint (the worst case), recorded 3 times each. Prints a markdown table. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.perfkit.benchmarks.profiler.ProfilerHeapFootprint}.
 */
public final class ProfilerHeapFootprint {

	private ProfilerHeapFootprint() {
	}

	public static void main(String[] args) throws Exception {
		System.out.println("| distinct SQL texts | fingerprints kept | evicted | retained heap |");
		System.out.println("| --- | --- | --- | --- |");
		for (int texts : new int[] { 10, 100, 1_000, 10_000, 100_000 }) {
			long before = usedAfterGc();
			QueryProfiler profiler = new QueryProfiler();
			for (int i = 0; i < texts; i++) {
				String sql = "SELECT id, name, c" + i + " FROM table_" + (i % 50) + " WHERE id = ? AND status IN (1, 2, 3)";
				AnalyzedSql analyzed = profiler.analyze(sql);
				for (int call = 0; call < 3; call++) {
					profiler.record("dataSource", analyzed, 100_000 + call, 1, 1, null, null);
				}
			}
			long retained = usedAfterGc() - before;
			System.out.printf(Locale.ROOT, "| %,d | %,d | %,d | %.1f MiB |%n", texts,
					profiler.statistics().fingerprints(), profiler.statistics().evictedFingerprints(),
					retained / 1024.0 / 1024.0);
			if (profiler.statistics().totalQueries() < 0) {
				System.out.println(profiler);
			}
		}
	}

	static long usedAfterGc() throws InterruptedException {
		Runtime runtime = Runtime.getRuntime();
		for (int i = 0; i < 4; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return runtime.totalMemory() - runtime.freeMemory();
	}

}
