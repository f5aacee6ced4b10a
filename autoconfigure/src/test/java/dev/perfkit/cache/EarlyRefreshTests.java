package dev.perfkit.cache;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * XFetch probabilistic early refresh: a read refreshes early with probability exp(-t / (delta * beta)).
 */
class EarlyRefreshTests {

	private static final int READS = 200_000;

	@Test
	void shareOfReadsThatRefreshEarlyMatchesXFetchWithinStatisticalBounds() {
		SplittableRandom random = new SplittableRandom(42);
		long delta = Duration.ofMillis(100).toNanos();
		for (double beta : new double[] { 0.5, 1.0, 2.0 }) {
			for (long remainingMillis : new long[] { 10, 50, 100, 200, 400 }) {
				long remaining = Duration.ofMillis(remainingMillis).toNanos();
				int refreshed = 0;
				for (int i = 0; i < READS; i++) {
					if (LayeredCache.shouldRefreshEarly(remaining, delta, beta, random.nextDouble())) {
						refreshed++;
					}
				}
				double expected = Math.exp(-(double) remaining / (delta * beta));
				double standardError = Math.sqrt(expected * (1 - expected) / READS);
				assertThat((double) refreshed / READS).as("beta %s, %s ms left", beta, remainingMillis)
					.isCloseTo(expected, org.assertj.core.data.Offset.offset(5 * standardError + 1e-9));
			}
		}
	}

	@Test
	void refreshesMoreOftenAsExpiryNearsAndNeverWithTimeLeftToSpare() {
		long delta = Duration.ofMillis(10).toNanos();
		assertThat(LayeredCache.shouldRefreshEarly(0, delta, 1, 0.999)).isTrue();
		assertThat(LayeredCache.shouldRefreshEarly(Duration.ofMillis(1).toNanos(), delta, 1, 0.5)).isTrue();
		assertThat(LayeredCache.shouldRefreshEarly(Duration.ofSeconds(10).toNanos(), delta, 1, 1e-9)).isFalse();
	}

	@Test
	void aReadNearExpiryServesTheCurrentValueAndRefreshesInTheBackground() {
		LayeredCacheManager manager = LayeredCacheManager
			.builder(new JacksonCacheValueSerializer(List.of(), getClass().getClassLoader()))
			.settings((name) -> new LayeredCacheSettings(Duration.ofSeconds(30), true, Duration.ofSeconds(1), true,
					100, Duration.ofMinutes(1), 1e8))
			.build();
		LayeredCache cache = manager.getLayeredCache("xfetch");
		AtomicInteger loads = new AtomicInteger();
		assertThat(cache.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		// with beta 1e8, delta * beta is at least 100 s for any load, so most reads of a 30 s entry refresh early
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Object value = cache.get("k", () -> "v" + loads.incrementAndGet());
			assertThat(value).isNotNull();
			assertThat(loads.get()).isGreaterThan(1);
		});
		assertThat(cache.getStatistics().getEarlyRefreshes()).isPositive();
		await().atMost(Duration.ofSeconds(10)).until(() -> !"v1".equals(cache.get("k").get()));
		manager.destroy();
	}

}
