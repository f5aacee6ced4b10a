package dev.perfkit.benchmarks.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.perfkit.benchmarks.NoTracing;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.FileSystemUtils;

/**
 * The application the cache benchmarks start in their {@code @Setup}: Spring Boot auto-configuration with caching
 * enabled, on the starter's class path (Caffeine, SQLite, Micrometer with Boot's default registry, actuator), and a
 * {@link ProductCatalog} whose methods are {@code @Cacheable}. Started either with Perfkit's defaults or as the same
 * application with {@code perfkit.enabled=false} and Spring Boot's Caffeine cache manager.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableCaching
public class BenchmarkApplication {

	@Bean
	ProductCatalog productCatalog() {
		return new ProductCatalog();
	}

	/**
	 * Starts the application with Perfkit's auto-configured cache manager and every default on (hot keys,
	 * analytics, warming, memory guard, metrics, L3 on a SQLite file in a temporary folder).
	 * @param maximumSize L1's maximum size (the same bound as Spring's side)
	 * @return the running context; close it with {@link #close(ConfigurableApplicationContext)}
	 */
	static ConfigurableApplicationContext perfkit(long maximumSize) {
		Path folder = temporaryFolder();
		ConfigurableApplicationContext context = start("perfkit.cache.memory.maximum-size=" + maximumSize,
				"perfkit.cache.sqlite.path=" + folder.resolve("l3.db"), "perfkit.bench.folder=" + folder);
		requireBean(context, "dev.perfkit.cache.LayeredCacheManager");
		requireBean(context, "dev.perfkit.cache.analytics.CacheAnalytics");
		requireBean(context, "dev.perfkit.cache.metrics.LayeredCacheManagerMetrics");
		context.getBean(MeterRegistry.class);
		return context;
	}

	/**
	 * Starts the same application as a plain Spring one: {@code perfkit.enabled=false}, Spring Boot's
	 * {@code CaffeineCacheManager} bounded like Perfkit's L1.
	 * @param maximumSize the Caffeine caches' maximum size
	 * @return the running context
	 */
	static ConfigurableApplicationContext spring(long maximumSize) {
		ConfigurableApplicationContext context = start("perfkit.enabled=false", "spring.cache.type=caffeine",
				"spring.cache.caffeine.spec=maximumSize=" + maximumSize);
		String type = context.getBean(CacheManager.class).getClass().getName();
		if (!type.equals("org.springframework.cache.caffeine.CaffeineCacheManager")) {
			throw new IllegalStateException("expected Spring's CaffeineCacheManager, got " + type);
		}
		return context;
	}

	static void close(ConfigurableApplicationContext context) {
		if (context == null) {
			return;
		}
		String folder = context.getEnvironment().getProperty("perfkit.bench.folder");
		context.close();
		if (folder != null) {
			try {
				FileSystemUtils.deleteRecursively(Path.of(folder));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.main.banner-mode=off", "logging.level.root=warn",
				"spring.application.name=perfkit-benchmark", NoTracing.EXCLUDE));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(all.toArray(String[]::new))
			.run();
	}

	private static void requireBean(ConfigurableApplicationContext context, String type) {
		try {
			context.getBean(Class.forName(type));
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path temporaryFolder() {
		try {
			return Files.createTempDirectory("perfkit-bench");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
