package dev.perfkit.sample.order;

/**
 * One line of an order.
 *
 * @param productId the id of the product
 * @param productName the name of the product
 * @param quantity the units ordered
 * @param priceCents the price of one unit in cents when the order was placed
 * @since 0.1.0
 */
public record OrderLine(long productId, String productName, int quantity, long priceCents) {

}
