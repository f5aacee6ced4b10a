package dev.perfkit.benchmarks.cache;

import org.springframework.cache.annotation.Cacheable;

/**
 * A service with {@code @Cacheable} methods, as an application writes them: a lookup by id (the key is the id
 * itself) and a lookup by id and market (the key is a two-parameter {@code SimpleKey}). Misses build the product
 * in place; the benchmarks measure hits.
 */
public class ProductCatalog {

	@Cacheable("products")
	public Product product(long id) {
		return Product.of(id);
	}

	@Cacheable("offers")
	public Product offer(long id, String market) {
		return Product.of(id);
	}

}
