package dev.perfkit.cache;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load-time histogram of {@link CacheStatistics}.
 */
class CacheStatisticsTests {

	@Test
	void everyLoadTimeFallsInTheBucketWhoseBoundsHoldItWithinAQuarterOfItsPowerOfTwo() {
		SplittableRandom random = new SplittableRandom(11);
		for (int i = 0; i < 100_000; i++) {
			long nanos = random.nextLong(1L << random.nextInt(1, 62));
			int bucket = CacheStatistics.loadBucket(nanos);
			assertThat(nanos).isLessThanOrEqualTo(CacheStatistics.loadBucketUpperNanos(bucket));
			if (bucket > 0) {
				assertThat(nanos).isGreaterThan(CacheStatistics.loadBucketUpperNanos(bucket - 1));
			}
			assertThat(CacheStatistics.loadBucketUpperNanos(bucket)).isLessThanOrEqualTo(Math.max(3, nanos + nanos / 4));
		}
	}

	@Test
	void theHistogramCountsEveryLoad() {
		CacheStatistics statistics = new CacheStatistics(java.util.List.of("memory"));
		statistics.load(1_000);
		statistics.load(1_000_000);
		statistics.load(1_000_000_000);
		long[] histogram = statistics.copyLoadHistogram(new long[CacheStatistics.LOAD_BUCKETS]);
		assertThat(java.util.Arrays.stream(histogram).sum()).isEqualTo(3);
		assertThat(histogram[CacheStatistics.loadBucket(1_000_000)]).isEqualTo(1);
	}

}
