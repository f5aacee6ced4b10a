package dev.perfkit.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.perfkit.test.RedisLocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A full application (every auto-configuration on the class path, Redis L2 and its invalidation stream, SQLite L3,
 * the SQL profiler with plan capture, alerts, adaptive throttling, the Redis rate limiter, the distributed lock),
 * used once and closed, leaves no Perfkit thread behind.
 */
class ContextCloseThreadsTests {

	@TempDir
	Path temp;

	@Test
	void closingAFullContextLeavesNoPerfkitThreadAlive() {
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		String prefix = "perfkit-test:" + UUID.randomUUID() + ":";
		ConfigurableApplicationContext context = new SpringApplicationBuilder(FullApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "spring.data.redis.url=" + RedisLocator.locate().url(),
					"spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID(),
					"perfkit.cache.redis.key-prefix=" + prefix, "perfkit.cache.sqlite.path=" + this.temp.resolve("l3.db"),
					"perfkit.cache.trusted-packages=dev.perfkit.autoconfigure",
					"perfkit.cache.stampede.distributed-lock=true", "perfkit.cache.tuning.enabled=true",
					"perfkit.profiler.explain.enabled=true", "perfkit.profiler.explain.threshold=1ms",
					"perfkit.profiler.slow-query-threshold=1ms", "perfkit.resilience.throttle.adaptive=true",
					"perfkit.resilience.rate-limit.backend=redis",
					"perfkit.resilience.rate-limit.redis.key-prefix=" + prefix + "rl:")
			.run();
		try {
			Catalog catalog = context.getBean(Catalog.class);
			assertThat(catalog.name(1)).isEqualTo(catalog.name(1));
			context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class);
			assertThat(perfkitThreads(before)).isNotEmpty();
		}
		finally {
			context.close();
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(perfkitThreads(before)).isEmpty());
	}

	private static Set<String> perfkitThreads(Set<Thread> before) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !before.contains(thread) && thread.isAlive())
			.map(Thread::getName)
			.filter((name) -> name.toLowerCase(java.util.Locale.ROOT).contains("perfkit"))
			.collect(Collectors.toCollection(java.util.TreeSet::new));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableCaching
	static class FullApplication {

		@Bean
		Catalog catalog() {
			return new Catalog();
		}

	}

	static class Catalog {

		@Cacheable("names")
		public String name(long id) {
			return "product-" + id;
		}

	}

}
