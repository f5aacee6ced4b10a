package dev.perfkit.sample.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reads the most recent orders in two ways that return the same orders: one query per order (the N+1 pattern the
 * SQL profiler flags) and a single join.
 *
 * @since 0.1.0
 */
@Service
public class OrderService {

	private static final String RECENT_ORDERS = """
			SELECT o.id, o.status, o.created_at, c.id AS customer_id, c.name AS customer_name
			FROM purchase_order o
			JOIN customer c ON c.id = o.customer_id
			ORDER BY o.created_at DESC, o.id DESC
			LIMIT :limit
			""";

	private static final String ITEMS_OF_ORDER = """
			SELECT oi.product_id, p.name AS product_name, oi.quantity, oi.price_cents
			FROM order_item oi
			JOIN product p ON p.id = oi.product_id
			WHERE oi.order_id = :orderId
			ORDER BY oi.id
			""";

	private static final String RECENT_ORDERS_WITH_ITEMS = """
			SELECT o.id, o.status, o.created_at, c.id AS customer_id, c.name AS customer_name,
				oi.product_id, p.name AS product_name, oi.quantity, oi.price_cents
			FROM (SELECT id, customer_id, status, created_at FROM purchase_order
				ORDER BY created_at DESC, id DESC LIMIT :limit) o
			JOIN customer c ON c.id = o.customer_id
			LEFT JOIN order_item oi ON oi.order_id = o.id
			LEFT JOIN product p ON p.id = oi.product_id
			ORDER BY o.created_at DESC, o.id DESC, oi.id
			""";

	private final JdbcClient jdbcClient;

	/**
	 * Creates a service on the given client.
	 * @param jdbcClient the JDBC client of the catalogue's database
	 */
	public OrderService(JdbcClient jdbcClient) {
		this.jdbcClient = jdbcClient;
	}

	/**
	 * Returns the most recent orders with one query for the orders and then one more for the lines of each order.
	 * Deliberately inefficient: {@code limit} orders cost {@code limit + 1} queries.
	 * @param limit the maximum number of orders
	 * @return the orders, most recent first
	 */
	public List<Order> recentOrdersOneQueryPerOrder(int limit) {
		List<OrderHeader> headers = this.jdbcClient.sql(RECENT_ORDERS)
			.param("limit", limit)
			.query((rs, rowNum) -> header(rs))
			.list();
		List<Order> orders = new ArrayList<>(headers.size());
		for (OrderHeader header : headers) {
			List<OrderLine> items = this.jdbcClient.sql(ITEMS_OF_ORDER)
				.param("orderId", header.id())
				.query((rs, rowNum) -> line(rs))
				.list();
			orders.add(header.toOrder(items));
		}
		return orders;
	}

	/**
	 * Returns the same orders as {@link #recentOrdersOneQueryPerOrder(int)} with a single query.
	 * @param limit the maximum number of orders
	 * @return the orders, most recent first
	 */
	public List<Order> recentOrdersJoined(int limit) {
		Map<Long, OrderHeader> headers = new LinkedHashMap<>();
		Map<Long, List<OrderLine>> items = new LinkedHashMap<>();
		this.jdbcClient.sql(RECENT_ORDERS_WITH_ITEMS).param("limit", limit).query((ResultSet rs) -> {
			OrderHeader header = header(rs);
			headers.putIfAbsent(header.id(), header);
			List<OrderLine> lines = items.computeIfAbsent(header.id(), (id) -> new ArrayList<>());
			if (rs.getObject("product_id") != null) {
				lines.add(line(rs));
			}
		});
		return headers.values().stream().map((header) -> header.toOrder(items.get(header.id()))).toList();
	}

	private static OrderHeader header(ResultSet rs) throws SQLException {
		return new OrderHeader(rs.getLong("id"), new Customer(rs.getLong("customer_id"), rs.getString("customer_name")),
				rs.getString("status"), Instant.ofEpochMilli(rs.getLong("created_at")));
	}

	private static OrderLine line(ResultSet rs) throws SQLException {
		return new OrderLine(rs.getLong("product_id"), rs.getString("product_name"), rs.getInt("quantity"),
				rs.getLong("price_cents"));
	}

	private record OrderHeader(long id, Customer customer, String status, Instant createdAt) {

		Order toOrder(List<OrderLine> items) {
			return Order.of(this.id, this.customer, this.status, this.createdAt, items);
		}

	}

}
