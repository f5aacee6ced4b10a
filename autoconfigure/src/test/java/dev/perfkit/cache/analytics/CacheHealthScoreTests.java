package dev.perfkit.cache.analytics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;

import dev.perfkit.cache.JacksonCacheValueSerializer;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.actuate.LayeredCachesEndpoint;
import dev.perfkit.cache.health.LayeredCacheHealthIndicator;
import dev.perfkit.cache.sqlite.SqliteCacheLayer;

import static org.assertj.core.api.Assertions.assertThat;

class CacheHealthScoreTests {

	@TempDir
	Path temp;

	private LayeredCacheManager cacheManager;

	@AfterEach
	void close() throws Exception {
		if (this.cacheManager != null) {
			this.cacheManager.destroy();
		}
	}

	private LayeredCacheManager manager() {
		this.cacheManager = LayeredCacheManager
			.builder(new JacksonCacheValueSerializer(List.of(), getClass().getClassLoader()))
			.layer(new SqliteCacheLayer(this.temp.resolve("score.db"), 1_000, Duration.ofMillis(200),
					Duration.ofMinutes(1)))
			.build();
		return this.cacheManager;
	}

	@Test
	void anIntervalWithoutReadsIsNoDataNotAZeroHitRatio() {
		LayeredCacheManager manager = manager();
		LayeredCache cache = manager.getLayeredCache("products");
		CacheAnalytics analytics = new CacheAnalytics(manager, null,
				new CacheAnalytics.Thresholds(0.1, 0.3, Duration.ofSeconds(10)), 10);
		analytics.sample();
		assertThat(analytics.report("products").latest().hitRatio()).isNull();
		assertThat(analytics.report("products").alerts()).isEmpty();
		assertThat(analytics.healthScore("products")).isEqualTo(100);
		cache.put("1", "one");
		cache.get("1");
		analytics.sample();
		assertThat(analytics.report("products").latest().hitRatio()).isEqualTo(1.0);
		analytics.sample();
		CacheAnalytics.Report idle = analytics.report("products");
		assertThat(idle.snapshots()).extracting(CacheAnalytics.Snapshot::hitRatio).containsExactly(null, 1.0, null);
		assertThat(idle.healthScore()).isEqualTo(100);
	}

	@Test
	void aRefusedValueTypeLowersTheOneHealthScoreAndIsShownInTheEndpointAndHealth() {
		LayeredCacheManager manager = manager();
		LayeredCache cache = manager.getLayeredCache("products");
		CacheAnalytics analytics = new CacheAnalytics(manager, null,
				new CacheAnalytics.Thresholds(0.1, 0.3, Duration.ofSeconds(10)), 10);
		cache.put("1", "one");
		cache.get("1");
		analytics.sample();
		assertThat(analytics.healthScore("products")).isEqualTo(100);
		// Long keys would read back as Strings: refused at the first put, kept in L1
		cache.put("2", new HashMap<>(Map.of(1L, "one")));
		cache.put("3", new HashMap<>(Map.of(2L, "two")));
		assertThat(cache.getStatistics().getRefusedValues()).isEqualTo(2);
		assertThat(cache.getStatistics().getRefusedTypes()).containsOnlyKeys("java.util.HashMap<java.lang.Long, java.lang.String>");
		assertThat(cache.get("2").get()).isEqualTo(Map.of(1L, "one"));
		cache.get("1");
		analytics.sample();
		CacheAnalytics.Report report = analytics.report("products");
		assertThat(report.healthScore()).isEqualTo(80);
		assertThat(report.alerts()).extracting(CacheAnalytics.Alert::rule).contains("fidelity");
		assertThat(report.recommendations()).anyMatch((text) -> text.contains("kept in memory only"));

		LayeredCachesEndpoint.CacheDescriptor descriptor = new LayeredCachesEndpoint(manager, analytics)
			.cache("products");
		assertThat(descriptor.healthScore()).isEqualTo(80);
		assertThat(descriptor.refusedValues()).isEqualTo(2);
		String json = JsonMapper.shared().writeValueAsString(descriptor);
		assertThat(json.split("\"healthScore\"", -1)).as("one health score in " + json).hasSize(2);

		Health health = new LayeredCacheHealthIndicator(manager).health(true);
		assertThat(health.getDetails()).containsKey("refusedValues");
		assertThat(health.getDetails().get("refusedValues").toString()).contains("products")
			.contains("java.util.HashMap<java.lang.Long, java.lang.String>");
	}

}
