package dev.perfkit.cache.autoconfigure;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.perfkit.cache.LayeredCacheManager;

/**
 * {@link EnableAutoConfiguration Auto-configuration} that reports why the layered cache stepped aside where caching is
 * enabled but the application chose its own cache, and fails start-up when it was also switched on explicitly.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { LayeredCacheAutoConfiguration.class, CacheAutoConfiguration.class })
@ConditionalOnClass({ CacheManager.class, Caffeine.class, CircuitBreaker.class, JsonMapper.class })
@ConditionalOnBean(CacheAspectSupport.class)
@ConditionalOnMissingBean(LayeredCacheManager.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.cache.enabled", matchIfMissing = true)
public final class LayeredCacheBackOffAutoConfiguration {

	LayeredCacheBackOffAutoConfiguration() {
	}

	@Bean
	static LayeredCacheBackOff layeredCacheBackOff(Environment environment, ListableBeanFactory beanFactory) {
		return new LayeredCacheBackOff(environment, beanFactory);
	}

}
