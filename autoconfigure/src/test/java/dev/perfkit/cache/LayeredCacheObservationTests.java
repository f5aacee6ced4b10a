package dev.perfkit.cache;

import java.nio.file.Path;
import java.util.List;

import dev.perfkit.autoconfigure.TestObservationRegistryConfiguration;
import dev.perfkit.cache.autoconfigure.LayeredCacheObservationAutoConfiguration;
import dev.perfkit.cache.observation.CacheLayerContext;
import dev.perfkit.cache.observation.CacheLoadContext;
import dev.perfkit.cache.observation.CacheLoadObservationConvention;
import dev.perfkit.cache.observation.CacheObservations;
import dev.perfkit.test.RedisLocator;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Observations of loads and lower-layer calls, against the machine's Redis and a SQLite file.
 */
class LayeredCacheObservationTests {

	@TempDir
	Path temp;

	private final String prefix = CacheTestContexts.uniquePrefix();

	private ApplicationContextRunner contextRunner() {
		return CacheTestContexts.runner(RedisLocator.locate().url(), this.temp.resolve("cache.db"), this.prefix)
			.withConfiguration(AutoConfigurations.of(LayeredCacheObservationAutoConfiguration.class))
			.withPropertyValues("perfkit.cache.observations.enabled=true")
			.withUserConfiguration(TestObservationRegistryConfiguration.class);
	}

	@Test
	void loadAndLowerLayerCallsAreObservedAndAnL1HitIsNot() {
		contextRunner().run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			CacheTestContexts.Catalog catalog = context.getBean(CacheTestContexts.Catalog.class);
			catalog.product(1);
			assertThat(registry).hasNumberOfObservationsWithNameEqualTo("perfkit.cache.loader", 1)
				.hasObservationWithNameEqualTo("perfkit.cache.loader")
				.that()
				.hasContextualNameEqualTo("cache load products")
				.hasLowCardinalityKeyValue("cache", "products")
				.hasBeenStopped();
			assertThat(registry).hasAnObservation((observation) -> observation.hasNameEqualTo("perfkit.cache.layer")
				.hasContextualNameEqualTo("redis read")
				.hasLowCardinalityKeyValue("layer", "redis")
				.hasLowCardinalityKeyValue("operation", "read")
				.hasLowCardinalityKeyValue("cache", "products"));
			assertThat(registry).hasAnObservation((observation) -> observation.hasNameEqualTo("perfkit.cache.layer")
				.hasContextualNameEqualTo("sqlite write")
				.hasLowCardinalityKeyValue("operation", "write")
				.hasLowCardinalityKeyValue("cache", "products"));
			int[] observed = new int[1];
			assertThat(registry).hasHandledContextsThatSatisfy((contexts) -> observed[0] = contexts.size());

			catalog.product(1);
			assertThat(registry).hasHandledContextsThatSatisfy((contexts) -> assertThat(contexts).hasSize(observed[0]));
			assertThat(catalog.calls()).isEqualTo(1);
		});
	}

	@Test
	void everyLowerLayerWriteCarriesItsCacheAndATagInvalidationNone() {
		contextRunner().run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			CacheTestContexts.Catalog catalog = context.getBean(CacheTestContexts.Catalog.class);
			catalog.update(4, "four");
			catalog.evict(4);
			context.getBean(LayeredCacheManager.class).invalidateTags("promotions");
			assertThat(registry).hasHandledContextsThatSatisfy((contexts) -> {
				List<CacheLayerContext> writes = contexts.stream()
					.filter((candidate) -> candidate instanceof CacheLayerContext layer
							&& layer.getOperation().equals("write"))
					.map(CacheLayerContext.class::cast)
					.toList();
				// a put in "writes", an eviction in "products" and a tag invalidation (every cache), in both layers
				assertThat(writes).extracting((write) -> write.getLayer() + " " + cacheTag(write))
					.contains("redis writes", "sqlite writes", "redis products", "sqlite products", "redis none",
							"sqlite none");
			});
		});
	}

	private static String cacheTag(CacheLayerContext context) {
		KeyValue cache = context.getLowCardinalityKeyValue("cache");
		return (cache != null) ? cache.getValue() : "(no cache tag)";
	}

	@Test
	void cacheableMissIsObservedUntilTheMethodReturnsAndIsCurrentMeanwhile() {
		contextRunner().run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			context.getBean(CacheTestContexts.Catalog.class).lookup(7);
			assertThat(registry).hasNumberOfObservationsWithNameEqualTo("perfkit.cache.loader", 1)
				.hasObservationWithNameEqualTo("perfkit.cache.loader")
				.that()
				.hasLowCardinalityKeyValue("cache", "lookups")
				.hasBeenStopped();
			// the fill of the method's result is written while the load is current: its writes are the load's children
			assertThat(registry).hasHandledContextsThatSatisfy((contexts) -> {
				Observation.Context load = contexts.stream()
					.filter((candidate) -> candidate instanceof CacheLoadContext)
					.findFirst()
					.orElseThrow();
				assertThat(contexts).anySatisfy((candidate) -> {
					assertThat(candidate.getName()).isEqualTo("perfkit.cache.layer");
					assertThat(candidate.getParentObservation()).isNotNull();
					assertThat(candidate.getParentObservation().getContextView()).isSameAs(load);
				});
			});
			assertThat(registry.getCurrentObservation()).isNull();
		});
	}

	@Test
	void failedCacheableLoadCarriesTheError() {
		contextRunner().run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			try {
				context.getBean(CacheTestContexts.Catalog.class).failingLookup(3);
			}
			catch (RuntimeException ex) {
				// expected: the method fails
			}
			assertThat(registry).hasObservationWithNameEqualTo("perfkit.cache.loader")
				.that()
				.hasBeenStopped()
				.assertThatError()
				.isNotNull();
			assertThat(registry.getCurrentObservation()).isNull();
		});
	}

	@Test
	void userConventionReplacesTheDefault() {
		contextRunner().withUserConfiguration(UserConvention.class).run((context) -> {
			context.getBean(CacheTestContexts.Catalog.class).product(2);
			assertThat(context.getBean(TestObservationRegistry.class))
				.hasNumberOfObservationsWithNameEqualTo("app.cache.load", 1)
				.hasNumberOfObservationsWithNameEqualTo("perfkit.cache.loader", 0);
		});
	}

	@Test
	void offByProperty() {
		contextRunner().withPropertyValues("perfkit.cache.observations.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(CacheObservations.class);
			context.getBean(CacheTestContexts.Catalog.class).product(3);
			assertThat(context.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserConvention {

		@Bean
		CacheLoadObservationConvention userLoadConvention() {
			return new CacheLoadObservationConvention() {

				@Override
				public String getName() {
					return "app.cache.load";
				}

			};
		}

	}

}
