package dev.perfkit.benchmarks.report;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link BenchmarkReport}: JMH JSON in, ratios with propagated error bars out.
 */
class BenchmarkReportTests {

	private static final String JSON = """
			[
			  { "jmhVersion": "1.37", "benchmark": "dev.perfkit.benchmarks.cache.CacheHitBenchmark.perfkitAutoConfiguredGet",
			    "mode": "avgt", "threads": 2, "forks": 1, "jdkVersion": "17.0.15", "vmName": "OpenJDK 64-Bit Server VM",
			    "warmupIterations": 2, "warmupTime": "1 s", "measurementIterations": 3, "measurementTime": "1 s",
			    "params": { "entries": "10000", "key": "Long" },
			    "primaryMetric": { "score": 12.0, "scoreError": 1.2, "scoreUnit": "ns/op" },
			    "secondaryMetrics": { "gc.alloc.rate.norm": { "score": 0.012, "scoreError": "NaN", "scoreUnit": "B/op" } } },
			  { "jmhVersion": "1.37", "benchmark": "dev.perfkit.benchmarks.cache.CacheHitBenchmark.springCaffeineCacheManagerGet",
			    "mode": "avgt", "threads": 2, "forks": 1, "jdkVersion": "17.0.15", "vmName": "OpenJDK 64-Bit Server VM",
			    "warmupIterations": 2, "warmupTime": "1 s", "measurementIterations": 3, "measurementTime": "1 s",
			    "params": { "entries": "10000", "key": "Long" },
			    "primaryMetric": { "score": 24.0, "scoreError": 2.4, "scoreUnit": "ns/op" },
			    "secondaryMetrics": { "gc.alloc.rate.norm": { "score": 16.0, "scoreError": "NaN", "scoreUnit": "B/op" } } },
			  { "jmhVersion": "1.37", "benchmark": "dev.perfkit.benchmarks.resilience.GuardBenchmark.perfkitGuard",
			    "mode": "avgt", "threads": 2, "forks": 1, "params": {},
			    "primaryMetric": { "score": 300.0, "scoreError": "NaN", "scoreUnit": "ns/op" } },
			  { "jmhVersion": "1.37", "benchmark": "dev.perfkit.benchmarks.resilience.GuardBenchmark.rawResilience4jChain",
			    "mode": "avgt", "threads": 2, "forks": 1,
			    "primaryMetric": { "score": 250.0, "scoreError": "NaN", "scoreUnit": "ns/op" } }
			]
			""";

	@Test
	void ratioPropagatesRelativeErrorsInQuadrature() {
		List<BenchmarkReport.Result> results = BenchmarkReport.parse(JSON);
		BenchmarkReport report = new BenchmarkReport(results, new Properties());
		BenchmarkReport.Estimate ratio = BenchmarkReport.ratio(
				report.find("cache.CacheHitBenchmark.perfkitAutoConfiguredGet", "key", "Long"),
				report.find("cache.CacheHitBenchmark.springCaffeineCacheManagerGet", "key", "Long"));
		assertThat(ratio.value()).isCloseTo(0.5, within(1e-9));
		assertThat(ratio.error()).isCloseTo(0.5 * Math.hypot(0.1, 0.1), within(1e-9));
	}

	@Test
	void rendersPasteReadyMarkdownWithVerdicts() {
		Properties extras = new Properties();
		extras.setProperty("roundTripsPerCheck.perfkitRedisCheck", "1.0000");
		String markdown = new BenchmarkReport(BenchmarkReport.parse(JSON), extras).render();
		assertThat(markdown)
			.contains("| L1 hit `Cache.get`, auto-configured manager, `Long` key ≤ 1.0× Spring `CaffeineCacheManager` "
					+ "(2 threads) | **0.50 ± 0.07**× | met | 14% (decided) |")
			.contains("| L1 hit, `Long` key: 0 B allocated per hit | 0 B per hit (0.01) | met | (counted) |")
			.contains("| Guard (throttle + breaker + per-client limit) ≤ 1.5× raw Resilience4j chain | **1.20**× | met | – |")
			.contains("| Guard adds ≤ 1 µs per call | 50.0 ns added | met | – |")
			.contains("| Redis per-client limiter: exactly 1 round trip per check | 1.0000 round trips per check | met | (counted) |")
			.contains("12.0 ± 1.2 ns")
			.contains("| `Long` | 12.0 ± 1.2 ns | 24.0 ± 2.4 ns | – | – | **0.50 ± 0.07** | – | 0 | 16 |")
			.doesNotContain("SQL profiler");
	}

}
