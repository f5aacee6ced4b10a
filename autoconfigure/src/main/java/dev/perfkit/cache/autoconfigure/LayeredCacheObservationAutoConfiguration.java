package dev.perfkit.cache.autoconfigure;

import dev.perfkit.autoconfigure.ObservationDefaults;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.observation.CacheLayerObservationConvention;
import dev.perfkit.cache.observation.CacheLoadObservationConvention;
import dev.perfkit.cache.observation.CacheObservations;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the observations of the layered cache's loads and
 * lower-layer calls, in Boot's {@link ObservationRegistry}: every {@link LayeredCacheManager} is observed.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LayeredCacheAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ ObservationRegistry.class, LayeredCacheManager.class })
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.cache.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.cache.observations.enabled", matchIfMissing = true)
public final class LayeredCacheObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CacheObservations cacheObservations(ObservationRegistry registry, Environment environment,
			ListableBeanFactory beans, ObjectProvider<CacheLoadObservationConvention> loadConvention,
			ObjectProvider<CacheLayerObservationConvention> layerConvention,
			ObjectProvider<LayeredCacheManager> cacheManagers) {
		CacheObservations observations = new CacheObservations(
				ObservationDefaults.registry(registry, environment, "perfkit.cache.observations.enabled", beans),
				loadConvention.getIfUnique(), layerConvention.getIfUnique());
		cacheManagers.orderedStream().forEach((cacheManager) -> cacheManager.observe(observations));
		return observations;
	}

}
