package dev.perfkit.sample.order;

/**
 * The customer who placed an order.
 *
 * @param id the id
 * @param name the name
 * @since 0.1.0
 */
public record Customer(long id, String name) {

}
