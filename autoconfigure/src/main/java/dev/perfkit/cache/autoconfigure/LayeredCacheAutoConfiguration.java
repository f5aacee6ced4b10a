package dev.perfkit.cache.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

import dev.perfkit.cache.CacheLayer;
import dev.perfkit.cache.CacheLock;
import dev.perfkit.cache.CacheTagsAdvisor;
import dev.perfkit.cache.CacheValueSerializer;
import dev.perfkit.cache.InvalidationBus;
import dev.perfkit.cache.JacksonCacheValueSerializer;
import dev.perfkit.cache.LayerSettings;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.LayeredCacheRuntimeHints;
import dev.perfkit.cache.redis.RedisCacheLayer;
import dev.perfkit.cache.redis.RedisCacheLock;
import dev.perfkit.cache.redis.RedisInvalidationBus;
import dev.perfkit.cache.sqlite.SqliteCacheLayer;
import dev.perfkit.cache.sqlite.SqliteCacheLocation;
import dev.perfkit.autoconfigure.RedisSslBundle;
import dev.perfkit.redis.DedicatedRedisConnection;
import dev.perfkit.resilience.autoconfigure.CircuitBreakerRegistryAutoConfiguration;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the layered cache: replaces Spring Boot's cache manager
 * wherever caching is enabled, with L2 on Redis when Spring Data Redis and a Redis connection factory are present
 * (Lettuce's, or Jedis's with lettuce-core on the class path: start-up fails without it),
 * and L3 on SQLite when sqlite-jdbc is. Steps aside when the application chose its own cache: {@code spring.cache.type}
 * set, or a {@link CacheManager} bean of its own (see {@link LayeredCacheBackOffAutoConfiguration}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = CacheAutoConfiguration.class, after = CircuitBreakerRegistryAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ CacheManager.class, Caffeine.class, CircuitBreaker.class, JsonMapper.class })
@ConditionalOnBean(CacheAspectSupport.class)
@ConditionalOnMissingBean(value = CacheManager.class, name = "cacheResolver")
@Conditional(OnNoCacheTypeCondition.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.cache.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LayeredCacheProperties.class)
@Import({ LayeredCacheAutoConfiguration.RedisLayerConfiguration.class,
		LayeredCacheAutoConfiguration.RedisWithoutLettuceConfiguration.class,
		LayeredCacheAutoConfiguration.SqliteLayerConfiguration.class })
@ImportRuntimeHints(LayeredCacheRuntimeHints.class)
public final class LayeredCacheAutoConfiguration {

	private static final boolean BOOT_CACHE_MANAGER_CUSTOMIZERS_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers",
			LayeredCacheAutoConfiguration.class.getClassLoader());

	// RedisCacheLayer links against Lettuce: the type test below must not load it where Lettuce is absent
	private static final boolean REDIS_LAYER_PRESENT = ClassUtils.isPresent("io.lettuce.core.RedisClient",
			LayeredCacheAutoConfiguration.class.getClassLoader())
			&& ClassUtils.isPresent("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
					LayeredCacheAutoConfiguration.class.getClassLoader());

	LayeredCacheAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	CacheValueSerializer cacheValueSerializer(LayeredCacheProperties properties, BeanFactory beanFactory) {
		List<String> trusted = new ArrayList<>(properties.getTrustedPackages());
		if (AutoConfigurationPackages.has(beanFactory)) {
			trusted.addAll(AutoConfigurationPackages.get(beanFactory));
		}
		return new JacksonCacheValueSerializer(trusted, beanFactory.getClass().getClassLoader());
	}

	@Bean
	@ConditionalOnMissingBean
	LayeredCacheManager cacheManager(LayeredCacheProperties properties, CacheValueSerializer serializer,
			ObjectProvider<CacheLayer> layers, ObjectProvider<InvalidationBus> bus, ObjectProvider<CacheLock> lock,
			ObjectProvider<CircuitBreakerRegistry> circuitBreakers,
			ObjectProvider<LayeredCacheManagerBuilderCustomizer> customizers, BeanFactory beanFactory) {
		LayeredCacheManager.Builder builder = LayeredCacheManager.builder(serializer)
			.settings(properties::settingsFor)
			.compression(properties.getRedis().getCompression(),
					(int) properties.getRedis().getCompressionThreshold().toBytes())
			.recoveryInterval(properties.getRecoveryInterval())
			.limits((int) properties.getLimits().getMaxKeySize().toBytes(),
					(int) properties.getLimits().getMaxValueSize().toBytes())
			.cacheNames(properties.getCacheNames());
		layers.orderedStream().forEach((layer) -> builder.layer(layer, layerSettings(layer, properties)));
		bus.ifAvailable(builder::invalidationBus);
		lock.ifAvailable((cacheLock) -> builder.distributedLock(cacheLock, properties.getStampede().getLockLease()));
		circuitBreakers.ifUnique(builder::circuitBreakerRegistry);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		LayeredCacheManager cacheManager = builder.build();
		if (BOOT_CACHE_MANAGER_CUSTOMIZERS_PRESENT) {
			BootCacheManagerCustomizers.customize(cacheManager, beanFactory);
		}
		return cacheManager;
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static CacheTagsAdvisor cacheTagsAdvisor() {
		return new CacheTagsAdvisor();
	}

	// where properties meet layer beans: by type, so that the cache code asks each layer, never its name
	private static LayerSettings layerSettings(CacheLayer layer, LayeredCacheProperties properties) {
		if (REDIS_LAYER_PRESENT && RedisLayerConfiguration.isLayer(layer)) {
			return properties.redisLayerSettings();
		}
		if (layer instanceof SqliteCacheLayer) {
			return properties.sqliteLayerSettings();
		}
		return LayerSettings.defaults(layer).withOrder(LayeredCacheProperties.OWN_LAYER_ORDER);
	}

	/**
	 * L2 on Redis through a Lettuce connection of Perfkit's own, derived from the application's connection factory
	 * (Lettuce's or Jedis's).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ LettuceConnectionFactory.class, io.lettuce.core.RedisClient.class })
	@ConditionalOnBean(RedisConnectionFactory.class)
	@ConditionalOnBooleanProperty(name = "perfkit.cache.redis.enabled", matchIfMissing = true)
	static class RedisLayerConfiguration {

		static final String CONNECTION = "perfkitCacheRedisConnection";

		static boolean isLayer(CacheLayer layer) {
			return layer instanceof RedisCacheLayer;
		}

		@Bean(CONNECTION)
		@ConditionalOnMissingBean(name = CONNECTION)
		DedicatedRedisConnection perfkitCacheRedisConnection(RedisConnectionFactory connectionFactory,
				LayeredCacheProperties properties, BeanFactory beanFactory) {
			if (!DedicatedRedisConnection.supports(connectionFactory)) {
				throw new RedisLayerUnavailableException(connectionFactory.getClass().getName()
						+ " is neither Lettuce's nor Jedis's connection factory");
			}
			Duration timeout = properties.getRedis().getTimeout();
			// the layer, the lock and the publisher bound each command by the timeout themselves; the client's own
			// timeout also bounds the handshake and has to outlast the stream reader's blocking read
			// (one heartbeat interval)
			Duration clientTimeout = timeout.plus(properties.getCoherence().getHeartbeatInterval());
			try {
				return DedicatedRedisConnection.derivedFrom(connectionFactory, RedisSslBundle.of(beanFactory),
						clientTimeout, clientTimeout, timeout);
			}
			catch (IllegalStateException ex) {
				throw new RedisLayerUnavailableException(ex.getMessage(), ex);
			}
		}

		@Bean
		@ConditionalOnMissingBean
		RedisCacheLayer redisCacheLayer(@Qualifier(CONNECTION) DedicatedRedisConnection connection,
				LayeredCacheProperties properties) {
			return new RedisCacheLayer(connection.getConnectionFactory(), properties.getRedis().getKeyPrefix(),
					properties.getRedis().getTimeout());
		}

		@Bean
		@ConditionalOnMissingBean
		RedisInvalidationBus redisInvalidationBus(@Qualifier(CONNECTION) DedicatedRedisConnection connection,
				LayeredCacheProperties properties) {
			return new RedisInvalidationBus(connection.getConnectionFactory(), properties.getRedis().getKeyPrefix(),
					properties.getRedis().getTimeout(), properties.getCoherence().getHeartbeatInterval());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "perfkit.cache.stampede.distributed-lock")
		RedisCacheLock redisCacheLock(@Qualifier(CONNECTION) DedicatedRedisConnection connection,
				LayeredCacheProperties properties) {
			return new RedisCacheLock(connection.getConnectionFactory(), properties.getRedis().getKeyPrefix(),
					properties.getRedis().getTimeout());
		}

	}

	/**
	 * An application with Redis but without lettuce-core (Spring Data Redis on Jedis): the Redis layer, which runs on
	 * Lettuce, cannot be built, and start-up fails saying so rather than run without L2.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnMissingClass("io.lettuce.core.RedisClient")
	@ConditionalOnBean(RedisConnectionFactory.class)
	@ConditionalOnBooleanProperty(name = "perfkit.cache.redis.enabled", matchIfMissing = true)
	static class RedisWithoutLettuceConfiguration {

		@Bean
		Object perfkitCacheRedisLayerRequirement(RedisConnectionFactory connectionFactory) {
			throw new RedisLayerUnavailableException(connectionFactory.getClass().getName()
					+ " is the application's connection factory and io.lettuce:lettuce-core is not on the class path");
		}

	}

	/**
	 * Applies Spring Boot's {@code CacheManagerCustomizer<LayeredCacheManager>} beans, as Boot applies them to its own
	 * managers (Boot's cache auto-configuration, which would, steps aside for ours).
	 */
	private static final class BootCacheManagerCustomizers {

		static void customize(LayeredCacheManager cacheManager, BeanFactory beanFactory) {
			CacheManagerCustomizers customizers = beanFactory.getBeanProvider(CacheManagerCustomizers.class)
				.getIfAvailable(() -> new CacheManagerCustomizers(beanFactory.getBeanProvider(CacheManagerCustomizer.class)
					.orderedStream()
					.map((customizer) -> (CacheManagerCustomizer<?>) customizer)
					.toList()));
			customizers.customize(cacheManager);
		}

	}

	/** L3 on a SQLite file. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.sqlite.JDBC")
	@ConditionalOnBooleanProperty(name = "perfkit.cache.sqlite.enabled", matchIfMissing = true)
	static class SqliteLayerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SqliteCacheLayer sqliteCacheLayer(LayeredCacheProperties properties, Environment environment,
				BeanFactory beanFactory) {
			LayeredCacheProperties.Sqlite sqlite = properties.getSqlite();
			String namespace = namespace(environment, beanFactory);
			Path path = sqlite.getPath();
			if (path == null) {
				path = SqliteCacheLocation.defaultPath(namespace);
			}
			SqliteCacheLocation.requirePrivateFolder(path);
			return new SqliteCacheLayer(path, namespace, sqlite.getMaxEntries(), sqlite.getBusyTimeout(),
					sqlite.getPurgeInterval());
		}

		/** The application's name, else its auto-configuration package, so unnamed applications stay apart. */
		private static String namespace(Environment environment, BeanFactory beanFactory) {
			String name = environment.getProperty("spring.application.name");
			if (name != null && !name.isBlank()) {
				return name;
			}
			if (AutoConfigurationPackages.has(beanFactory)) {
				List<String> packages = AutoConfigurationPackages.get(beanFactory);
				if (!packages.isEmpty() && !packages.get(0).isEmpty()) {
					return packages.get(0);
				}
			}
			return "application";
		}

	}

}
