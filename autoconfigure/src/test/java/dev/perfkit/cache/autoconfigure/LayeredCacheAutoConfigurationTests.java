package dev.perfkit.cache.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.perfkit.autoconfigure.PerfkitAutoConfiguration;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.redis.RedisCacheLayer;
import dev.perfkit.cache.redis.RedisCacheLock;
import dev.perfkit.cache.redis.RedisInvalidationBus;
import dev.perfkit.cache.sqlite.SqliteCacheLayer;
import dev.perfkit.redis.DedicatedRedisConnection;
import dev.perfkit.test.RedisLocator;

import static org.assertj.core.api.Assertions.assertThat;

class LayeredCacheAutoConfigurationTests {

	@TempDir
	static Path temp;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PerfkitAutoConfiguration.class, DataRedisAutoConfiguration.class,
				CacheAutoConfiguration.class, LayeredCacheAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.url=" + RedisLocator.locate().url(),
				"perfkit.cache.sqlite.path=" + temp.resolve("auto.db"));

	@Test
	void replacesBootsCacheManagerWithEveryLayerWhenCachingIsEnabled() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(CacheManager.class);
			assertThat(context).hasSingleBean(LayeredCacheManager.class);
			assertThat(context).hasSingleBean(RedisInvalidationBus.class);
			LayeredCacheManager manager = context.getBean(LayeredCacheManager.class);
			assertThat(manager.getLayerNames()).containsExactly("redis", "sqlite");
			assertThat(manager.getCache("anything")).isInstanceOf(LayeredCache.class);
		});
	}

	@Test
	void doesNothingWithoutEnableCaching() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(LayeredCacheManager.class));
	}

	@Test
	void backsOffWhenTheUserDefinesACacheManager() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class, UserCacheManagerConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(LayeredCacheManager.class);
				assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
			});
	}

	@Test
	void backsOffWhenTheCacheIsDisabled() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("perfkit.cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LayeredCacheManager.class)
				.doesNotHaveBean(SqliteCacheLayer.class));
	}

	@Test
	void backsOffWhenPerfkitIsDisabled() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("perfkit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LayeredCacheManager.class));
	}

	@Test
	void hasNoRedisLayerWithoutSpringDataRedis() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RedisCacheLayer.class);
				assertThat(context.getBean(LayeredCacheManager.class).getLayerNames()).containsExactly("sqlite");
			});
	}

	@Test
	void hasNoRedisLayerWhenRedisIsDisabled() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("perfkit.cache.redis.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RedisCacheLayer.class).doesNotHaveBean(RedisInvalidationBus.class);
				assertThat(context.getBean(LayeredCacheManager.class).getLayerNames()).containsExactly("sqlite");
			});
	}

	@Test
	void talksToRedisThroughAConnectionOfItsOwnThatIsNoConnectionFactoryBean() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class).run((context) -> {
			// the application's factory stays the only one, so injection by type is unchanged
			assertThat(context).hasSingleBean(RedisConnectionFactory.class);
			assertThat(context).hasSingleBean(DedicatedRedisConnection.class);
			assertThat(context.getBean(DedicatedRedisConnection.class).getConnectionFactory())
				.isNotSameAs(context.getBean(RedisConnectionFactory.class));
		});
	}

	@Test
	void createsTheDistributedLockOnlyWhenEnabled() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(RedisCacheLock.class));
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("perfkit.cache.stampede.distributed-lock=true")
			.run((context) -> assertThat(context).hasSingleBean(RedisCacheLock.class));
	}

	@Test
	void hasNoSqliteLayerWithoutSqliteJdbc() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withClassLoader(new FilteredClassLoader("org.sqlite"))
			.run((context) -> assertThat(context.getBean(LayeredCacheManager.class).getLayerNames())
				.containsExactly("redis"));
	}

	@Test
	void hasNoSqliteLayerWhenSqliteIsDisabled() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("perfkit.cache.sqlite.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SqliteCacheLayer.class));
	}

	@Test
	void createsOnlyTheConfiguredCachesWhenCacheNamesAreSet() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("perfkit.cache.cache-names=products,completions")
			.run((context) -> {
				LayeredCacheManager manager = context.getBean(LayeredCacheManager.class);
				assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("products", "completions");
				assertThat(manager.getCache("other")).isNull();
			});
	}

	@Test
	void appliesPerCacheSpecs() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("perfkit.cache.specs.products.ttl=5m", "perfkit.cache.specs.products.redis.enabled=false",
					"perfkit.cache.specs.products.memory.maximum-size=10")
			.run((context) -> {
				LayeredCacheManager manager = context.getBean(LayeredCacheManager.class);
				LayeredCache products = manager.getLayeredCache("products");
				assertThat(products.getSettings().ttl()).hasMinutes(5);
				assertThat(products.getSettings().memoryMaximumSize()).isEqualTo(10);
				assertThat(products.getStatistics().getLayers()).containsExactly("memory", "sqlite");
				assertThat(manager.getLayeredCache("other").getStatistics().getLayers())
					.containsExactly("memory", "redis", "sqlite");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCacheManagerConfiguration {

		@Bean
		CacheManager userCacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

}
