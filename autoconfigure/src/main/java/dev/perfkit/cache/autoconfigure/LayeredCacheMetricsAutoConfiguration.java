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
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.context.annotation.Bean;

import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.analytics.CacheAnalytics;
import dev.perfkit.cache.guard.MemoryGuard;
import dev.perfkit.cache.metrics.CacheIntelligenceMetrics;
import dev.perfkit.cache.metrics.LayeredCacheMeterBinderProvider;
import dev.perfkit.cache.metrics.LayeredCacheManagerMetrics;
import dev.perfkit.cache.tuning.CacheTuner;
import dev.perfkit.cache.warming.CacheWarming;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the layered cache's meters: a
 * {@link LayeredCacheMeterBinderProvider} through which Spring Boot's cache metrics bind every layered cache of every
 * cache manager, and a binder for the caches the managers create after start-up.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { LayeredCacheAutoConfiguration.class, CacheAnalyticsAutoConfiguration.class,
		CacheWarmingAutoConfiguration.class, MemoryGuardAutoConfiguration.class, CacheTuningAutoConfiguration.class,
		CacheMetricsAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, CacheMeterBinder.class, CacheMeterBinderProvider.class })
@ConditionalOnBean({ MeterRegistry.class, LayeredCacheManager.class })
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.cache.enabled", matchIfMissing = true)
public final class LayeredCacheMetricsAutoConfiguration {

	LayeredCacheMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	LayeredCacheManagerMetrics layeredCacheManagerMetrics(Map<String, LayeredCacheManager> cacheManagers,
			LayeredCacheMeterBinderProvider binderProvider) {
		return new LayeredCacheManagerMetrics(cacheManagers, binderProvider::getMeterBinder);
	}

	/** The provider through which Spring Boot's cache metrics bind every layered cache of every manager. */
	@Bean
	@ConditionalOnMissingBean
	LayeredCacheMeterBinderProvider layeredCacheMeterBinderProvider(ObjectProvider<CacheAnalytics> analyticsProvider) {
		CacheAnalytics analytics = analyticsProvider.getIfAvailable();
		if (analytics == null) {
			return new LayeredCacheMeterBinderProvider();
		}
		// the analytics score once the cache has been sampled, its layers' availability before
		return new LayeredCacheMeterBinderProvider((cache) -> {
			int score = analytics.healthScore(cache.getName());
			return (score >= 0) ? score : cache.getHealthScore();
		});
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnSingleCandidate(LayeredCacheManager.class)
	CacheIntelligenceMetrics cacheIntelligenceMetrics(LayeredCacheManager cacheManager,
			ObjectProvider<CacheWarming> warming, ObjectProvider<CacheAnalytics> analytics,
			ObjectProvider<MemoryGuard> memoryGuard, ObjectProvider<CacheTuner> tuner) {
		return new CacheIntelligenceMetrics(cacheManager, warming.getIfAvailable(), analytics.getIfAvailable(),
				memoryGuard.getIfAvailable(), tuner.getIfAvailable());
	}

}
