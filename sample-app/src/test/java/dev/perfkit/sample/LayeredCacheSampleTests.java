package dev.perfkit.sample;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.CacheManager;

import dev.perfkit.cache.LayeredCacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's caches run on Perfkit's layered cache: L1 and a SQLite L3 next to the catalogue, no Redis.
 */
class LayeredCacheSampleTests extends SampleApplicationTestSupport {

	@Autowired
	private CacheManager cacheManager;

	@Test
	void cachesAreLayeredWithMemoryAndSqlite() {
		assertThat(this.cacheManager).isInstanceOf(LayeredCacheManager.class);
		assertThat(((LayeredCacheManager) this.cacheManager).getLayerNames()).containsExactly("sqlite");
	}

	@Test
	void endpointShowsTheProductCachePerLayer() {
		assertThat(get("/api/products/2").status()).isEqualTo(200);
		assertThat(get("/api/products/2").status()).isEqualTo(200);
		Response response = get("/actuator/layeredcaches/products");
		assertThat(response.status()).isEqualTo(200);
		JsonNode layers = response.json().path("layers");
		assertThat(layers.get(0).path("layer").asString()).isEqualTo("memory");
		assertThat(layers.get(0).path("hits").asLong()).isPositive();
		assertThat(layers.get(1).path("layer").asString()).isEqualTo("sqlite");
	}

	@Test
	void healthHasTheLayeredCacheUp() {
		JsonNode layeredCache = get("/actuator/health").json().path("components").path("layeredcache");
		assertThat(layeredCache.path("status").asString()).isEqualTo("UP");
		assertThat(layeredCache.path("details").path("layers").path("sqlite").path("status").asString())
			.isEqualTo("UP");
	}

}
