package dev.perfkit.actuate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.resilience.workers.PriorityWorkerPool;
import dev.perfkit.resilience.workers.TaskStatus;
import dev.perfkit.test.RedisLocator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Write operations of Perfkit's endpoints (profiler toggle and reset, cache invalidation, throttling changes, task
 * cancellation) are not reachable when a user exposes every endpoint but grants nothing more: Spring Boot maps only
 * the read operations of a {@code READ_ONLY} endpoint, so a write answers {@code 405 Method Not Allowed} and changes
 * nothing. Granting {@code management.endpoint.<id>.access=unrestricted} opens them.
 */
class EndpointsAccessWebTests {

	private static final String PREFIX = "perfkit-test:" + UUID.randomUUID() + ":";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> RedisLocator.locate().url());
		registry.add("perfkit.cache.redis.key-prefix", () -> PREFIX);
		registry.add("perfkit.cache.sqlite.path",
				() -> Path.of("target", "test-caches", UUID.randomUUID() + ".db").toAbsolutePath().toString());
	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AccessApplication.class,
			properties = { "management.endpoints.web.exposure.include=*",
					"spring.datasource.url=jdbc:h2:mem:default-access;DB_CLOSE_DELAY=-1" })
	class ExposedWithDefaultAccess {

		@LocalServerPort
		int port;

		@Autowired
		LayeredCacheManager cacheManager;

		@Autowired
		QueryProfiler profiler;

		@Test
		void everyWriteIsMethodNotAllowedAndChangesNothing() {
			EndpointWebClient http = new EndpointWebClient(this.port);
			LayeredCache cache = this.cacheManager.getLayeredCache("products");
			cache.put("k", "v");
			assertThat(http.exchange(HttpMethod.POST, "/actuator/profiler", "{\"enabled\":false}").status())
				.isEqualTo(405);
			assertThat(http.exchange(HttpMethod.DELETE, "/actuator/profiler", null).status()).isEqualTo(405);
			assertThat(http.exchange(HttpMethod.DELETE, "/actuator/layeredcaches/products", null).status())
				.isEqualTo(405);
			assertThat(http.exchange(HttpMethod.DELETE, "/actuator/layeredcaches/products?key=k", null).status())
				.isEqualTo(405);
			assertThat(http.exchange(HttpMethod.POST, "/actuator/throttling", "{\"rate\":1}").status())
				.isEqualTo(405);
			assertThat(http.exchange(HttpMethod.DELETE, "/actuator/workers/some-task", null).status())
				.isEqualTo(405);
			assertThat(http.exchange(HttpMethod.POST, "/actuator/alerts", "{}").status()).isEqualTo(405);
			assertThat(this.profiler.isEnabled()).isTrue();
			assertThat(cache.get("k")).isNotNull();
			for (String read : new String[] { "/actuator/profiler", "/actuator/layeredcaches",
					"/actuator/layeredcaches/products", "/actuator/throttling", "/actuator/workers",
					"/actuator/alerts" }) {
				assertThat(http.get(read).status()).as(read).isEqualTo(200);
			}
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AccessApplication.class,
			properties = { "management.endpoints.web.exposure.include=*",
					"management.endpoint.profiler.access=unrestricted",
					"management.endpoint.layeredcaches.access=unrestricted",
					"management.endpoint.throttling.access=unrestricted",
					"management.endpoint.workers.access=unrestricted",
					"spring.datasource.url=jdbc:h2:mem:unrestricted-access;DB_CLOSE_DELAY=-1" })
	class GrantedUnrestrictedAccess {

		@LocalServerPort
		int port;

		@Autowired
		LayeredCacheManager cacheManager;

		@Autowired
		QueryProfiler profiler;

		@Autowired
		PriorityWorkerPool pool;

		@Test
		void everyWriteSucceeds() throws Exception {
			EndpointWebClient http = new EndpointWebClient(this.port);
			LayeredCache cache = this.cacheManager.getLayeredCache("products");
			cache.put("k", "v");
			assertThat(http.exchange(HttpMethod.POST, "/actuator/profiler", "{\"enabled\":false}").status())
				.isEqualTo(200);
			assertThat(this.profiler.isEnabled()).isFalse();
			assertThat(http.exchange(HttpMethod.POST, "/actuator/profiler", "{\"enabled\":true}").status())
				.isEqualTo(200);
			assertThat(http.exchange(HttpMethod.DELETE, "/actuator/profiler", null).status()).isEqualTo(204);
			assertThat(http.exchange(HttpMethod.DELETE, "/actuator/layeredcaches/products?key=k", null).status())
				.isEqualTo(200);
			assertThat(cache.get("k")).isNull();
			assertThat(http.exchange(HttpMethod.POST, "/actuator/throttling", "{\"rate\":42}").json()
				.path("throttle")
				.path("rate")
				.asDouble()).isEqualTo(42.0);
			assertThat(http.exchange(HttpMethod.DELETE, "/actuator/workers/unknown-task", null).status())
				.isEqualTo(404);
			CountDownLatch release = new CountDownLatch(1);
			try {
				this.pool.submit("long-task", 0, Duration.ofMinutes(1), () -> release.await(1, TimeUnit.MINUTES));
				EndpointWebClient.Response cancelled = http.exchange(HttpMethod.DELETE, "/actuator/workers/long-task",
						null);
				assertThat(cancelled.status()).isEqualTo(200);
				assertThat(this.pool.status("long-task").orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
			}
			finally {
				release.countDown();
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	static class AccessApplication {

	}

}
