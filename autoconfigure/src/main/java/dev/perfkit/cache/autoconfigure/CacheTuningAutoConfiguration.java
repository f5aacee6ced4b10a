package dev.perfkit.cache.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.analytics.CacheAnalytics;
import dev.perfkit.cache.guard.MemoryGuard;
import dev.perfkit.cache.tuning.CacheTuner;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for automatic cache
 * tuning, off unless {@code perfkit.cache.tuning.enabled=true}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { CacheAnalyticsAutoConfiguration.class, MemoryGuardAutoConfiguration.class })
@ConditionalOnBean({ LayeredCacheManager.class, CacheAnalytics.class })
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.cache.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.cache.tuning.enabled")
@EnableConfigurationProperties(CacheTuningProperties.class)
public final class CacheTuningAutoConfiguration {

	CacheTuningAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	CacheTuner cacheTuner(LayeredCacheManager cacheManager, CacheAnalytics analytics,
			ObjectProvider<MemoryGuard> memoryGuard, CacheTuningProperties properties) {
		MemoryGuard guard = memoryGuard.getIfAvailable();
		CacheTuner tuner = new CacheTuner(cacheManager, analytics, properties.getStrategy(),
				properties.getMaximumSize(), properties.getMaximumTtl(), () -> guard != null && !guard.getShrunk().isEmpty());
		analytics.onSample(tuner::tune);
		return tuner;
	}

}
