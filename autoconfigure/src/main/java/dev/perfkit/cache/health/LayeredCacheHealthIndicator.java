package dev.perfkit.cache.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;

/**
 * Health of the layered cache ({@code layeredcache}): UP or DOWN per layer, with the state of its circuit breaker.
 * L2 and L3 are optional, so a failed one marks the cache {@code degraded} in the details but leaves the
 * application UP: the cache keeps answering from the layers that remain. Value types refused by the lower layers
 * (kept in memory only) are listed per cache under {@code refusedValues}.
 *
 * @since 0.1.0
 */
public class LayeredCacheHealthIndicator extends AbstractHealthIndicator {

	private final LayeredCacheManager cacheManager;

	/**
	 * Creates the indicator.
	 * @param cacheManager the cache manager
	 */
	public LayeredCacheHealthIndicator(LayeredCacheManager cacheManager) {
		super("Layered cache health check failed");
		this.cacheManager = cacheManager;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, Object> layers = new LinkedHashMap<>();
		layers.put("memory", Map.of("status", "UP"));
		boolean degraded = false;
		for (LayeredCacheManager.LayerState state : this.cacheManager.getLayerStates()) {
			Map<String, Object> layer = new LinkedHashMap<>();
			layer.put("status", state.up() ? "UP" : "DOWN");
			layer.put("circuitBreaker", state.circuitBreaker());
			layer.put("failures", state.failures());
			if (!state.up() && state.lastError() != null) {
				layer.put("error", state.lastError());
			}
			degraded |= !state.up();
			layers.put(state.name(), layer);
		}
		builder.up().withDetail("layers", layers).withDetail("degraded", degraded);
		// value types the lower layers refused: the cache answers, but from memory only for those
		Map<String, Object> refused = new LinkedHashMap<>();
		for (String name : this.cacheManager.getCacheNames()) {
			LayeredCache cache = this.cacheManager.getLayeredCache(name);
			if (cache != null && !cache.getStatistics().getRefusedTypes().isEmpty()) {
				refused.put(name, Map.of("values", cache.getStatistics().getRefusedValues(), "types",
						cache.getStatistics().getRefusedTypes()));
			}
		}
		if (!refused.isEmpty()) {
			builder.withDetail("refusedValues", refused);
		}
	}

}
