package dev.perfkit.benchmarks.cache;

/**
 * A small cached value, as a {@code @Cacheable} lookup returns it.
 * @param id the id
 * @param sku the stock-keeping unit
 * @param name the name
 * @param priceCents the price in cents
 */
public record Product(long id, String sku, String name, long priceCents) {

	static Product of(long id) {
		return new Product(id, "SKU-" + (10_000 + id), "product " + id, 100 + id % 5_000);
	}

}
