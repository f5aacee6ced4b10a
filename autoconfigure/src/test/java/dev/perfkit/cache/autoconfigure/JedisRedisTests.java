package dev.perfkit.cache.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.perfkit.autoconfigure.PerfkitAutoConfiguration;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.redis.RedisCacheLock;
import dev.perfkit.redis.DedicatedRedisConnection;
import dev.perfkit.resilience.autoconfigure.CircuitBreakerRegistryAutoConfiguration;
import dev.perfkit.resilience.autoconfigure.ResilienceAutoConfiguration;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter;
import dev.perfkit.test.RedisLocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application whose Spring Data Redis runs on Jedis ({@code spring.data.redis.client-type=jedis}), against the
 * machine's Redis: the Redis layer, bus, lock and rate limiter work on a Lettuce connection of Perfkit's own derived
 * from the Jedis factory; without lettuce-core start-up fails saying so.
 */
class JedisRedisTests {

	@TempDir
	static Path temp;

	private final String prefix = "perfkit-test:" + UUID.randomUUID() + ":";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PerfkitAutoConfiguration.class, DataRedisAutoConfiguration.class,
				CacheAutoConfiguration.class, CircuitBreakerRegistryAutoConfiguration.class,
				LayeredCacheAutoConfiguration.class, ResilienceAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.client-type=jedis",
				"spring.data.redis.url=" + RedisLocator.locate().url(), "perfkit.cache.redis.key-prefix=" + this.prefix,
				"perfkit.cache.sqlite.enabled=false", "perfkit.cache.stampede.distributed-lock=true",
				"perfkit.resilience.rate-limit.backend=redis",
				"perfkit.resilience.rate-limit.redis.key-prefix=" + this.prefix + "ratelimit:");

	@Test
	void redisLayerLockAndRateLimiterWorkWhenTheApplicationIsOnJedis() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class).run((context) -> {
			RedisConnectionFactory application = context.getBean(RedisConnectionFactory.class);
			assertThat(application).isInstanceOf(JedisConnectionFactory.class);
			LayeredCacheManager cacheManager = context.getBean(LayeredCacheManager.class);
			assertThat(cacheManager.getLayerNames()).containsExactly("redis");
			cacheManager.getLayeredCache("jedis").put("k", "v");
			// written to Redis: the application's own Jedis factory sees the entry
			assertThat(new StringRedisTemplate(application).keys(this.prefix + "*")).isNotEmpty();
			assertThat(cacheManager.getLayerStates()).singleElement()
				.satisfies((state) -> assertThat(state.up()).isTrue());
			assertThat(context.getBean(RedisCacheLock.class).tryLock("jedis", "k", Duration.ofSeconds(5))).isNotNull();
			assertThat(context.getBean(ClientRateLimiter.class).check("alice").remaining()).isEqualTo(99);
			assertThat(context.getBean(CircuitBreakerRegistry.class).find("perfkit-ratelimit-redis")).isPresent();
		});
	}

	@Test
	void invalidationsReachTheOtherInstanceOverTheBusOnJedis() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class).run((first) -> {
			this.contextRunner.withUserConfiguration(CachingConfiguration.class).run((second) -> {
				LayeredCache cacheOfFirst = first.getBean(LayeredCacheManager.class).getLayeredCache("bus");
				LayeredCache cacheOfSecond = second.getBean(LayeredCacheManager.class).getLayeredCache("bus");
				cacheOfFirst.put("k", "v");
				assertThat(cacheOfFirst.get("k")).isNotNull();
				cacheOfSecond.evict("k");
				await().atMost(Duration.ofSeconds(10)).until(() -> cacheOfFirst.get("k") == null);
			});
		});
	}

	@Test
	void failsStartUpNamingTheFixWithoutLettuce() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withClassLoader(new FilteredClassLoader("io.lettuce"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(RedisLayerUnavailableException.class)
					.hasMessageContaining("lettuce-core");
				FailureAnalysis analysis = new RedisLayerUnavailableFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getAction()).contains("io.lettuce:lettuce-core")
					.contains("perfkit.cache.redis.enabled=false");
			});
	}

	@Test
	void runsWithoutTheRedisLayerWhenItIsSwitchedOffWithoutLettuce() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withClassLoader(new FilteredClassLoader("io.lettuce"))
			.withPropertyValues("perfkit.cache.redis.enabled=false", "perfkit.cache.sqlite.enabled=true",
					"perfkit.cache.sqlite.path=" + temp.resolve("jedis.db"))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(DedicatedRedisConnection.class);
				assertThat(context.getBean(LayeredCacheManager.class).getLayerNames()).containsExactly("sqlite");
				// the rate limiter runs on the application's Jedis factory
				assertThat(context.getBean(ClientRateLimiter.class).check("bob").remaining()).isEqualTo(99);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
