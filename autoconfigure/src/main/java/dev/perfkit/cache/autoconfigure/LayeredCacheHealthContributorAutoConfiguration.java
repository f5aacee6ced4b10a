package dev.perfkit.cache.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.health.LayeredCacheHealthIndicator;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code layeredcache} health contributor.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LayeredCacheAutoConfiguration.class)
@ConditionalOnClass(AbstractHealthIndicator.class)
@ConditionalOnBean(LayeredCacheManager.class)
@ConditionalOnEnabledHealthIndicator("layeredcache")
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.cache.enabled", matchIfMissing = true)
public final class LayeredCacheHealthContributorAutoConfiguration {

	LayeredCacheHealthContributorAutoConfiguration() {
	}

	@Bean(name = "layeredcacheHealthContributor")
	@ConditionalOnMissingBean
	LayeredCacheHealthIndicator layeredcacheHealthContributor(LayeredCacheManager cacheManager) {
		return new LayeredCacheHealthIndicator(cacheManager);
	}

}
