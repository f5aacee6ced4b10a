package dev.perfkit.autoconfigure.aot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.perfkit.cache.LayeredCacheRuntimeHints;
import dev.perfkit.cache.autoconfigure.LayeredCacheAutoConfiguration;
import dev.perfkit.monitor.autoconfigure.DashboardAutoConfiguration;
import dev.perfkit.monitor.dashboard.DashboardRuntimeHints;
import dev.perfkit.resilience.ratelimit.RedisClientRateLimiterRuntimeHints;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Perfkit's {@link RuntimeHintsRegistrar}s cover every resource it reads from the class path and the types its cache
 * serializer binds by reflection, and the auto-configurations that need them import them.
 */
class PerfkitRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	PerfkitRuntimeHintsTests() {
		ClassLoader classLoader = getClass().getClassLoader();
		new DashboardRuntimeHints().registerHints(this.hints, classLoader);
		new RedisClientRateLimiterRuntimeHints().registerHints(this.hints, classLoader);
		new LayeredCacheRuntimeHints().registerHints(this.hints, classLoader);
	}

	@Test
	void everyResourceThatPerfkitShipsIsCoveredByAHint() throws IOException {
		List<String> resources = new ArrayList<>();
		for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:dev/perfkit/**/*.*")) {
			String url = resource.getURL().toString();
			if (!url.contains("/test-classes/") && !url.endsWith(".class")) {
				resources.add(url.substring(url.indexOf("dev/perfkit/")));
			}
		}
		assertThat(resources).contains("dev/perfkit/resilience/ratelimit/sliding-window.lua",
				"dev/perfkit/monitor/dashboard/index.html", "dev/perfkit/monitor/dashboard/dashboard.js",
				"dev/perfkit/monitor/dashboard/dashboard.css");
		assertThat(resources).allMatch((resource) -> RuntimeHintsPredicates.resource().forResource(resource).test(this.hints));
	}

	@Test
	void theChartJsWebJarThatTheDashboardServesIsCovered() {
		assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/maven/org.webjars/chartjs/pom.properties"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/resources/webjars/chartjs/4.4.3/dist/chart.umd.js"))
			.accepts(this.hints);
	}

	@Test
	void springDataTypesThatTheCacheSerializerBindsAreReflectable() {
		for (Class<?> type : List.of(PageImpl.class, PageRequest.class, Sort.class, Sort.Order.class)) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(type)
				.withMemberCategories(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_METHODS))
				.accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onType(PageImpl.class).withMemberCategory(MemberCategory.ACCESS_DECLARED_FIELDS))
			.accepts(this.hints);
	}

	@Test
	void theAutoConfigurationsImportTheirHints() {
		assertThat(registrars(DashboardAutoConfiguration.class)).contains(DashboardRuntimeHints.class);
		assertThat(registrars(LayeredCacheAutoConfiguration.class)).contains(LayeredCacheRuntimeHints.class);
		assertThat(registrars(forName("dev.perfkit.resilience.autoconfigure.RedisRateLimitConfiguration")))
			.contains(RedisClientRateLimiterRuntimeHints.class);
	}

	private static List<Class<?>> registrars(Class<?> type) {
		return MergedAnnotations.from(type)
			.stream(ImportRuntimeHints.class)
			.flatMap((annotation) -> List.of(annotation.getClassArray("value")).stream())
			.toList();
	}

	private static Class<?> forName(String name) {
		try {
			return Class.forName(name);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
