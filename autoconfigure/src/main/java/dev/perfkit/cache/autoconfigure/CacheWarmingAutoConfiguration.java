package dev.perfkit.cache.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.sqlite.SqliteCacheLayer;
import dev.perfkit.cache.warming.CacheWarmer;
import dev.perfkit.cache.warming.CacheWarming;
import dev.perfkit.cache.warming.HotKeyStore;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for cache warming: hot
 * keys persisted in the L3 SQLite file (when L3 is on), L1 warmed from the lower layers at start-up, hot keys warmed
 * from L2/L3 or by re-invoking their {@code @Cacheable} method, and {@link CacheWarmer} beans, on a
 * {@link TaskScheduler}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LayeredCacheAutoConfiguration.class)
@ConditionalOnBean(LayeredCacheManager.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.cache.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.cache.warming.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CacheWarmingProperties.class)
public final class CacheWarmingAutoConfiguration {

	CacheWarmingAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	CacheWarming cacheWarming(LayeredCacheManager cacheManager, ObjectProvider<HotKeyStore> store,
			ObjectProvider<TaskScheduler> scheduler, ObjectProvider<CacheWarmer> warmers,
			CacheWarmingProperties properties) {
		List<CacheWarmer> all = warmers.orderedStream().toList();
		return new CacheWarming(cacheManager, store.getIfAvailable(), scheduler.getIfUnique(), all,
				new CacheWarming.Settings(properties.getInitialDelay(), properties.getInterval(), properties.getCron(),
						properties.getConcurrency(), properties.getHotKeys()));
	}

	/** Hot keys persisted in the L3 SQLite file; without L3 they live in memory only. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(SqliteCacheLayer.class)
	static class HotKeyStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HotKeyStore hotKeyStore(SqliteCacheLayer sqlite) {
			return new HotKeyStore(sqlite.getPath(), sqlite.getNamespace());
		}

	}

}
