package dev.perfkit.sample.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reads products: a cached lookup by id and a deliberately slow search.
 *
 * @since 0.1.0
 */
@Service
public class ProductService {

	private static final String FIND_BY_ID = """
			SELECT p.id, p.sku, p.name, p.description, p.price_cents, p.stock, p.created_at,
				c.id AS category_id, c.name AS category_name
			FROM product p
			JOIN category c ON c.id = p.category_id
			WHERE p.id = :id
			""";

	// Deliberately slow: LIKE '%q%' scans product.description (no index can help) and the correlated subquery
	// scans order_item (product_id is not indexed) once for every matching product.
	private static final String SEARCH = """
			SELECT p.id, p.sku, p.name, c.name AS category_name, p.price_cents,
				(SELECT COALESCE(SUM(oi.quantity), 0) FROM order_item oi WHERE oi.product_id = p.id) AS units_sold
			FROM product p
			JOIN category c ON c.id = p.category_id
			WHERE LOWER(p.description) LIKE :pattern ESCAPE '\\'
			ORDER BY units_sold DESC, p.id
			LIMIT :limit
			""";

	private final JdbcClient jdbcClient;

	/**
	 * Creates a service on the given client.
	 * @param jdbcClient the JDBC client of the catalogue's database
	 */
	public ProductService(JdbcClient jdbcClient) {
		this.jdbcClient = jdbcClient;
	}

	/**
	 * Returns the product with the given id. Found products are cached in the {@code products} cache; absent ones
	 * are not, so a product added later is seen.
	 * @param id the id
	 * @return the product, or empty if there is none with that id
	 */
	@Cacheable(cacheNames = "products", unless = "#result == null")
	public Optional<Product> findById(long id) {
		return this.jdbcClient.sql(FIND_BY_ID)
			.param("id", id)
			.query((rs, rowNum) -> new Product(rs.getLong("id"), rs.getString("sku"), rs.getString("name"),
					rs.getString("description"), new Category(rs.getLong("category_id"), rs.getString("category_name")),
					rs.getLong("price_cents"), rs.getInt("stock"), Instant.ofEpochMilli(rs.getLong("created_at"))))
			.optional();
	}

	/**
	 * Searches products whose description contains the query, ignoring case, best sellers first.
	 * @param query the text to look for
	 * @param limit the maximum number of products
	 * @return the products found
	 */
	public List<ProductSales> search(String query, int limit) {
		return this.jdbcClient.sql(SEARCH)
			.param("pattern", "%" + escapeLike(query.toLowerCase(Locale.ROOT)) + "%")
			.param("limit", limit)
			.query((rs, rowNum) -> new ProductSales(rs.getLong("id"), rs.getString("sku"), rs.getString("name"),
					rs.getString("category_name"), rs.getLong("price_cents"), rs.getLong("units_sold")))
			.list();
	}

	private static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
