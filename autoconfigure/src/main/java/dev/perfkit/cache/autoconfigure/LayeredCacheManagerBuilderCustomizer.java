package dev.perfkit.cache.autoconfigure;

import dev.perfkit.cache.LayeredCacheManager;

/**
 * Callback interface for beans that customize the {@link LayeredCacheManager.Builder} of the auto-configured
 * {@link LayeredCacheManager} before it is built: after the properties are applied, in {@code @Order} order, as
 * Spring Boot applies its {@code RedisCacheManagerBuilderCustomizer}s. Spring Boot's
 * {@code CacheManagerCustomizer<LayeredCacheManager>} beans then customize the built manager.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface LayeredCacheManagerBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, with the properties already applied
	 */
	void customize(LayeredCacheManager.Builder builder);

}
