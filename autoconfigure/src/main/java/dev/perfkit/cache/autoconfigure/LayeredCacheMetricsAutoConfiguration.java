package dev.perfkit.cache.autoconfigure;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.metrics.LayeredCacheManagerMetrics;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the layered cache's meters.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LayeredCacheAutoConfiguration.class,
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
	LayeredCacheManagerMetrics layeredCacheManagerMetrics(Map<String, LayeredCacheManager> cacheManagers) {
		Map.Entry<String, LayeredCacheManager> cacheManager = cacheManagers.entrySet().iterator().next();
		return new LayeredCacheManagerMetrics(cacheManager.getValue(), cacheManager.getKey());
	}

}
