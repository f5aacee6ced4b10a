package dev.perfkit.benchmarks.resilience;

import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.perfkit.resilience.ratelimit.LocalClientRateLimiter;
import io.github.bucket4j.Bucket;

/**
 * Retained heap of the per-client limiters of {@link ClientRateLimiterBenchmark} after N distinct clients made one
 * call each: Perfkit's local sliding-window limiter against a Bucket4j bucket per client in a Caffeine map, both
 * bounded at 200,000 clients. Deterministic enough not to need JMH; prints a markdown table. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.perfkit.benchmarks.resilience.LimiterHeapFootprint}.
 */
public final class LimiterHeapFootprint {

	private LimiterHeapFootprint() {
	}

	public static void main(String[] args) throws Exception {
		System.out.println("| clients | Perfkit local limiter | Bucket4j per client in Caffeine | ratio |");
		System.out.println("| --- | --- | --- | --- |");
		for (int clients : new int[] { 10, 1_000, 10_000, 100_000 }) {
			String[] ids = new String[clients];
			for (int i = 0; i < clients; i++) {
				ids[i] = "client-" + i;
			}
			long before = usedAfterGc();
			LocalClientRateLimiter perfkit = ClientRateLimiterBenchmark.perfkit();
			for (String id : ids) {
				perfkit.check(id);
			}
			long perfkitBytes = usedAfterGc() - before;
			before = usedAfterGc();
			Cache<String, Bucket> buckets = Caffeine.newBuilder()
				.maximumSize(ClientRateLimiterBenchmark.MAX_CLIENTS)
				.build();
			for (String id : ids) {
				buckets.get(id, (key) -> ClientRateLimiterBenchmark.newBucket()).tryConsume(1);
			}
			long bucketBytes = usedAfterGc() - before;
			System.out.printf(Locale.ROOT, "| %,d | %s | %s | %.2f |%n", clients, size(perfkitBytes),
					size(bucketBytes), perfkitBytes / (double) Math.max(1, bucketBytes));
			if (perfkit.toString().isEmpty() || buckets.estimatedSize() < 0) {
				System.out.println();
			}
		}
	}

	private static String size(long bytes) {
		if (bytes < 1024 * 1024) {
			return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
		}
		return String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0);
	}

	private static long usedAfterGc() throws InterruptedException {
		Runtime runtime = Runtime.getRuntime();
		for (int i = 0; i < 4; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return runtime.totalMemory() - runtime.freeMemory();
	}

}
