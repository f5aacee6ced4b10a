package dev.perfkit.cache;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache.ValueWrapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's asynchronous cache contract ({@code CompletableFuture} and reactive {@code @Cacheable} methods).
 */
class LayeredCacheAsyncTests {

	private final LayeredCache cache = LayeredCacheManager
		.builder(new JacksonCacheValueSerializer(List.of(), getClass().getClassLoader()))
		.build()
		.getLayeredCache("async");

	@Test
	void retrieveLoadsOnceAndThenServesTheCachedValue() {
		AtomicInteger loads = new AtomicInteger();
		assertThat(this.cache.retrieve("k", () -> CompletableFuture.supplyAsync(() -> "v" + loads.incrementAndGet()))
			.join()).isEqualTo("v1");
		assertThat(this.cache.retrieve("k", () -> CompletableFuture.completedFuture("other")).join()).isEqualTo("v1");
		assertThat(loads).hasValue(1);
		assertThat(this.cache.getStatistics().getLoads()).isEqualTo(1);
	}

	@Test
	void retrieveOfAMissingKeyIsNullAndOfACachedNullIsAWrapper() {
		assertThat(this.cache.retrieve("missing")).isNull();
		this.cache.put("nothing", null);
		CompletableFuture<?> cached = this.cache.retrieve("nothing");
		assertThat(cached).isNotNull();
		assertThat(cached.join()).isInstanceOf(ValueWrapper.class);
		assertThat(((ValueWrapper) cached.join()).get()).isNull();
	}

}
