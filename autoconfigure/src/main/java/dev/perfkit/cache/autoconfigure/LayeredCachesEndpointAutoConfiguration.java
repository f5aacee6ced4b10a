package dev.perfkit.cache.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.actuate.LayeredCachesEndpoint;
import dev.perfkit.cache.actuate.LayeredCachesEndpointWebExtension;
import dev.perfkit.cache.analytics.CacheAnalytics;
import dev.perfkit.cache.guard.MemoryGuard;
import dev.perfkit.cache.tuning.CacheTuner;
import dev.perfkit.cache.warming.CacheWarming;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code layeredcaches} endpoint.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LayeredCacheAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(LayeredCacheManager.class)
@ConditionalOnAvailableEndpoint(LayeredCachesEndpoint.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.cache.enabled", matchIfMissing = true)
public final class LayeredCachesEndpointAutoConfiguration {

	LayeredCachesEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	LayeredCachesEndpoint layeredCachesEndpoint(LayeredCacheManager cacheManager,
			ObjectProvider<CacheAnalytics> analytics, ObjectProvider<CacheWarming> warming,
			ObjectProvider<MemoryGuard> memoryGuard, ObjectProvider<CacheTuner> tuner) {
		return new LayeredCachesEndpoint(cacheManager, analytics.getIfAvailable(), warming.getIfAvailable(),
				memoryGuard.getIfAvailable(), tuner.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(LayeredCachesEndpoint.class)
	LayeredCachesEndpointWebExtension layeredCachesEndpointWebExtension(LayeredCachesEndpoint endpoint) {
		return new LayeredCachesEndpointWebExtension(endpoint);
	}

}
