package org.springframework.samples.petclinic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.cache.jcache.JCacheCache;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ApplicationContext;

import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.profiler.QueryProfiler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinic with a JCache provider (Caffeine's) and {@code spring.cache.type=jcache}: the application's choice stands.
 * Boot's {@link JCacheCacheManager} is the cache manager, Perfkit's steps aside and says so once at INFO, and the rest
 * of Perfkit (the profiler) still runs.
 */
@SpringBootTest(properties = { "spring.cache.type=jcache", "spring.cache.cache-names=vets",
		"perfkit.cache.sqlite.path=target/test-caches/jcache-choice.db" })
@ExtendWith(OutputCaptureExtension.class)
class JCacheChoiceTests {

	private static final String BACK_OFF = "Perfkit's layered cache is off because the application chose its own cache"
			+ " (spring.cache.type=jcache)";

	@Autowired
	private ApplicationContext context;

	@Autowired
	private CacheManager cacheManager;

	@Test
	void bootsJCacheManagerServesTheCachesAndPerfkitSaysItSteppedAsideOnce(CapturedOutput output) {
		assertThat(this.cacheManager).isInstanceOf(JCacheCacheManager.class);
		assertThat(this.context.getBeansOfType(LayeredCacheManager.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(QueryProfiler.class)).hasSize(1);
		// the application's JCache caches (Caffeine's provider stores by value: a String, not the clinic's entities)
		Cache vets = this.cacheManager.getCache("vets");
		assertThat(vets).isInstanceOf(JCacheCache.class);
		vets.put(SimpleKey.EMPTY, "six vets");
		assertThat(vets.get(SimpleKey.EMPTY, String.class)).isEqualTo("six vets");
		assertThat(output).containsOnlyOnce(BACK_OFF);
		assertThat(output.getAll().lines().filter((line) -> line.contains(BACK_OFF))).singleElement()
			.asString()
			.contains("INFO");
	}

}
