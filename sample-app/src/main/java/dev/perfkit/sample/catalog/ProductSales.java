package dev.perfkit.sample.catalog;

/**
 * A product found by a search, with the units sold.
 *
 * @param id the id
 * @param sku the stock keeping unit
 * @param name the name
 * @param category the name of the category
 * @param priceCents the price in cents
 * @param unitsSold the units sold over all orders
 * @since 0.1.0
 */
public record ProductSales(long id, String sku, String name, String category, long priceCents, long unitsSold) {

}
