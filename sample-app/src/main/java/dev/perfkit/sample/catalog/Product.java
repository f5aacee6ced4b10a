package dev.perfkit.sample.catalog;

import java.io.Serializable;
import java.time.Instant;

/**
 * A product of the catalogue. Serializable, so that every cache layer can store it.
 *
 * @param id the id
 * @param sku the stock keeping unit
 * @param name the name
 * @param description the description
 * @param category the category
 * @param priceCents the price in cents
 * @param stock the units in stock
 * @param createdAt when the product was added
 * @since 0.1.0
 */
public record Product(long id, String sku, String name, String description, Category category, long priceCents,
		int stock, Instant createdAt) implements Serializable {

}
