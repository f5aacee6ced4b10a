package dev.perfkit.sample.order;

import java.time.Instant;
import java.util.List;

/**
 * An order with its lines.
 *
 * @param id the id
 * @param customer the customer
 * @param status the status, such as {@code PAID} or {@code SHIPPED}
 * @param createdAt when the order was placed
 * @param totalCents the sum of quantity times price over the lines, in cents
 * @param items the lines
 * @since 0.1.0
 */
public record Order(long id, Customer customer, String status, Instant createdAt, long totalCents,
		List<OrderLine> items) {

	/**
	 * Creates an order whose total is computed from its lines.
	 * @param id the id
	 * @param customer the customer
	 * @param status the status
	 * @param createdAt when the order was placed
	 * @param items the lines
	 * @return the order
	 */
	static Order of(long id, Customer customer, String status, Instant createdAt, List<OrderLine> items) {
		long total = 0;
		for (OrderLine item : items) {
			total += item.quantity() * item.priceCents();
		}
		return new Order(id, customer, status, createdAt, total, List.copyOf(items));
	}

}
