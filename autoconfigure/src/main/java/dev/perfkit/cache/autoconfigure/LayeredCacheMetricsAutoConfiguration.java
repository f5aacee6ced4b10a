package dev.perfkit.cache.autoconfigure;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.analytics.CacheAnalytics;
import dev.perfkit.cache.guard.MemoryGuard;
import dev.perfkit.cache.metrics.CacheIntelligenceMetrics;
import dev.perfkit.cache.metrics.LayeredCacheManagerMetrics;
import dev.perfkit.cache.tuning.CacheTuner;
import dev.perfkit.cache.warming.CacheWarming;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the layered cache's meters.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { LayeredCacheAutoConfiguration.class, CacheAnalyticsAutoConfiguration.class,
		CacheWarmingAutoConfiguration.class, MemoryGuardAutoConfiguration.class, CacheTuningAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, CacheMeterBinder.class })
@ConditionalOnBean({ MeterRegistry.class, LayeredCacheManager.class })
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.cache.enabled", matchIfMissing = true)
public final class LayeredCacheMetricsAutoConfiguration {

	LayeredCacheMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	LayeredCacheManagerMetrics layeredCacheManagerMetrics(Map<String, LayeredCacheManager> cacheManagers,
			ObjectProvider<CacheAnalytics> analyticsProvider) {
		Map.Entry<String, LayeredCacheManager> cacheManager = cacheManagers.entrySet().iterator().next();
		CacheAnalytics analytics = analyticsProvider.getIfAvailable();
		if (analytics == null) {
			return new LayeredCacheManagerMetrics(cacheManager.getValue(), cacheManager.getKey());
		}
		// the analytics score once the cache has been sampled, its layers' availability before
		return new LayeredCacheManagerMetrics(cacheManager.getValue(), cacheManager.getKey(), (cache) -> {
			int score = analytics.healthScore(cache.getName());
			return (score >= 0) ? score : cache.getHealthScore();
		});
	}

	@Bean
	@ConditionalOnMissingBean
	CacheIntelligenceMetrics cacheIntelligenceMetrics(LayeredCacheManager cacheManager,
			ObjectProvider<CacheWarming> warming, ObjectProvider<CacheAnalytics> analytics,
			ObjectProvider<MemoryGuard> memoryGuard, ObjectProvider<CacheTuner> tuner) {
		return new CacheIntelligenceMetrics(cacheManager, warming.getIfAvailable(), analytics.getIfAvailable(),
				memoryGuard.getIfAvailable(), tuner.getIfAvailable());
	}

}
