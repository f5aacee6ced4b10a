package dev.perfkit.cache.autoconfigure;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.perfkit.autoconfigure.PerfkitAutoConfiguration;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.resilience.autoconfigure.CircuitBreakerRegistryAutoConfiguration;
import dev.perfkit.resilience.autoconfigure.ResilienceAutoConfiguration;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter;
import dev.perfkit.test.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Perfkit's Redis layer, invalidation bus and Redis rate limiter over TLS, configured the Spring Boot way (an SSL
 * bundle, {@code spring.ssl.bundle.pem.*}, named by {@code spring.data.redis.ssl.bundle}), with the application on
 * Jedis and on Lettuce, against a {@code redis-server} of the test's own whose certificate is signed by a CA
 * generated when the test starts (the JVM's trust store does not know it: only the bundle does).
 */
class RedisTlsTests {

	private static RedisServerProcess redis;

	private final String prefix = "perfkit-test:" + UUID.randomUUID() + ":";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PerfkitAutoConfiguration.class, SslAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CacheAutoConfiguration.class,
				CircuitBreakerRegistryAutoConfiguration.class, LayeredCacheAutoConfiguration.class,
				ResilienceAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("perfkit.cache.redis.key-prefix=" + this.prefix, "perfkit.cache.sqlite.enabled=false",
				"perfkit.resilience.rate-limit.backend=redis",
				"perfkit.resilience.rate-limit.redis.key-prefix=" + this.prefix + "ratelimit:");

	@BeforeAll
	static void startRedis() {
		redis = RedisServerProcess.startWithTls();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "jedis", "lettuce" })
	void redisLayerBusAndRateLimiterWorkOverTlsWithAnSslBundle(String client) {
		this.contextRunner.withPropertyValues(tls(client)).run((first) -> {
			assertThat(first).hasNotFailed();
			RedisConnectionFactory application = first.getBean(RedisConnectionFactory.class);
			assertThat(application).isInstanceOf(
					client.equals("jedis") ? JedisConnectionFactory.class : LettuceConnectionFactory.class);
			LayeredCacheManager cacheManager = first.getBean(LayeredCacheManager.class);
			assertThat(cacheManager.getLayerNames()).containsExactly("redis");
			LayeredCache cache = cacheManager.getLayeredCache("tls");
			cache.put("k", "v");
			assertThat(cacheManager.getLayerStates()).singleElement()
				.satisfies((state) -> assertThat(state.up()).isTrue());
			assertThat(first.getBean(ClientRateLimiter.class).check("alice").remaining()).isEqualTo(99);
			// the entry and the limiter's window are in the server, read back over the application's TLS connection
			Set<String> keys = new StringRedisTemplate(application).keys(this.prefix + "*");
			assertThat(keys).contains(this.prefix + "tls::k")
				.anySatisfy((key) -> assertThat(key).startsWith(this.prefix + "ratelimit:"));
			this.contextRunner.withPropertyValues(tls(client)).run((second) -> {
				assertThat(cache.get("k")).isNotNull();
				second.getBean(LayeredCacheManager.class).getLayeredCache("tls").evict("k");
				// the eviction reaches the first instance's L1 over the bus
				await().atMost(Duration.ofSeconds(10)).until(() -> cache.get("k") == null);
			});
		});
	}

	@Test
	void jedisWithAnSslSocketFactoryOfItsOwnFailsStartUpNamingTheProblem() {
		this.contextRunner.withUserConfiguration(OwnJedisFactoryConfiguration.class)
			.withPropertyValues("perfkit.resilience.rate-limit.backend=local")
			.run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("SSLSocketFactory");
			RedisLayerUnavailableException failure = findCause(context.getStartupFailure());
			FailureAnalysis analysis = new RedisLayerUnavailableFailureAnalyzer().analyze(failure);
			assertThat(analysis.getDescription()).contains("SSLSocketFactory");
			assertThat(analysis.getAction()).contains("spring.data.redis.ssl.bundle")
				.contains("perfkit.cache.redis.enabled=false");
			});
	}

	private static RedisLayerUnavailableException findCause(Throwable failure) {
		Throwable current = failure;
		while (current != null && !(current instanceof RedisLayerUnavailableException)) {
			current = current.getCause();
		}
		assertThat(current).isInstanceOf(RedisLayerUnavailableException.class);
		return (RedisLayerUnavailableException) current;
	}

	private static String[] tls(String client) {
		return new String[] { "spring.data.redis.client-type=" + client, "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + redis.tlsPort(),
				"spring.ssl.bundle.pem.redis.truststore.certificate=file:" + redis.certificates().caCertificate(),
				"spring.data.redis.ssl.bundle=redis" };
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnJedisFactoryConfiguration {

		@Bean
		JedisConnectionFactory redisConnectionFactory() throws Exception {
			JedisClientConfiguration client = JedisClientConfiguration.builder()
				.useSsl()
				.sslSocketFactory(SSLContext.getDefault().getSocketFactory())
				.build();
			return new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.tlsPort()), client);
		}

	}

}
