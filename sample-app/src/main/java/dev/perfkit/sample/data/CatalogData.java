package dev.perfkit.sample.data;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic seed data of the catalogue: the same rows on every start and every machine.
 */
final class CatalogData {

	static final int CATEGORIES = 20;

	static final int PRODUCTS = 5_000;

	static final int CUSTOMERS = 500;

	static final int ORDERS = 1_500;

	/** One to three items per order, by order id: 1,500 orders have 3,000 items. */
	static final int ORDER_ITEMS = 3_000;

	private static final long EPOCH = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

	private static final long PRODUCT_SPACING = Duration.ofMinutes(7).toMillis();

	private static final long CUSTOMER_SPACING = Duration.ofMinutes(53).toMillis();

	private static final long ORDER_SPACING = Duration.ofHours(1).toMillis();

	private static final String[] CATEGORY_NAMES = { "Kitchen", "Garden", "Office", "Outdoor", "Audio", "Lighting",
			"Bath", "Toys", "Books", "Sports", "Travel", "Pets", "Tools", "Storage", "Textiles", "Games", "Cycling",
			"Coffee", "Art", "Music" };

	private static final String[] ADJECTIVES = { "Compact", "Sturdy", "Classic", "Modern", "Rustic", "Foldable",
			"Portable", "Premium", "Everyday", "Vintage", "Ergonomic", "Lightweight", "Heavy-duty", "Minimal",
			"Deluxe", "Smart" };

	private static final String[] MATERIALS = { "Oak", "Steel", "Bamboo", "Ceramic", "Linen", "Leather", "Glass",
			"Copper", "Wool", "Cotton", "Walnut", "Aluminium", "Stone", "Cork" };

	private static final String[] NOUNS = { "Lamp", "Mug", "Chair", "Backpack", "Speaker", "Kettle", "Notebook",
			"Planter", "Blanket", "Bottle", "Shelf", "Basket", "Clock", "Tray", "Bench", "Grinder", "Headphones",
			"Easel", "Toolbox", "Lantern" };

	private static final String[] FEATURES = { "water resistant", "hand finished", "dishwasher safe",
			"easy to assemble", "made from recycled parts", "designed to last", "gentle on surfaces",
			"quiet in use", "energy efficient", "sold with a five year warranty", "stackable", "locally produced" };

	private static final String[] USES = { "small apartments", "busy kitchens", "long weekends", "home offices",
			"gift giving", "camping trips", "daily commutes", "quiet evenings", "family gatherings", "workshops" };

	private static final String[] FIRST_NAMES = { "Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara",
			"Ken", "Frances", "Edsger", "Radia", "Tim", "Hedy", "John", "Katherine", "Guido", "Sophie", "James",
			"Anita", "Niklaus" };

	private static final String[] LAST_NAMES = { "Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie",
			"Liskov", "Thompson", "Allen", "Dijkstra", "Perlman", "Berners-Lee", "Lamarr", "Backus", "Johnson",
			"van Rossum", "Wilson", "Gosling", "Borg", "Wirth", "Knuth", "Goldberg", "Kay", "Stroustrup", "Hoare" };

	private static final String[] STATUSES = { "NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED" };

	private final SplittableRandom random = new SplittableRandom(20250101L);

	private final long[] productPrices = new long[PRODUCTS + 1];

	/**
	 * Rows to insert, table by table, in an order that satisfies the foreign keys. Call once: the random sequence
	 * moves on.
	 */
	List<Table> tables() {
		return List.of(categories(), products(), customers(), orders(), orderItems());
	}

	private Table categories() {
		List<Object[]> rows = new ArrayList<>(CATEGORIES);
		for (int id = 1; id <= CATEGORIES; id++) {
			rows.add(new Object[] { (long) id, CATEGORY_NAMES[id - 1] });
		}
		return new Table("category", "INSERT INTO category (id, name) VALUES (?, ?)", rows);
	}

	private Table products() {
		List<Object[]> rows = new ArrayList<>(PRODUCTS);
		for (int id = 1; id <= PRODUCTS; id++) {
			String adjective = pick(ADJECTIVES);
			String material = pick(MATERIALS);
			String noun = pick(NOUNS);
			String description = "A " + adjective.toLowerCase(Locale.ROOT) + " " + noun.toLowerCase(Locale.ROOT) + " in "
					+ material.toLowerCase(Locale.ROOT) + ", " + pick(FEATURES) + " and " + pick(FEATURES) + ". Ideal for "
					+ pick(USES) + ".";
			long category = 1 + this.random.nextInt(CATEGORIES);
			long price = 199 + this.random.nextInt(49_800);
			this.productPrices[id] = price;
			rows.add(new Object[] { (long) id, category, "SKU-%05d".formatted(id),
					adjective + " " + material + " " + noun, description, price, this.random.nextInt(500),
					EPOCH + id * PRODUCT_SPACING });
		}
		return new Table("product", "INSERT INTO product (id, category_id, sku, name, description, price_cents, "
				+ "stock, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
	}

	private Table customers() {
		List<Object[]> rows = new ArrayList<>(CUSTOMERS);
		for (int id = 1; id <= CUSTOMERS; id++) {
			String name = pick(FIRST_NAMES) + " " + pick(LAST_NAMES);
			rows.add(new Object[] { (long) id, name, "customer%d@example.com".formatted(id),
					EPOCH + id * CUSTOMER_SPACING });
		}
		return new Table("customer", "INSERT INTO customer (id, name, email, created_at) VALUES (?, ?, ?, ?)", rows);
	}

	private Table orders() {
		List<Object[]> rows = new ArrayList<>(ORDERS);
		long start = EPOCH + CUSTOMERS * CUSTOMER_SPACING;
		for (int id = 1; id <= ORDERS; id++) {
			long customer = 1 + this.random.nextInt(CUSTOMERS);
			rows.add(new Object[] { (long) id, customer, start + id * ORDER_SPACING, pick(STATUSES) });
		}
		return new Table("purchase_order",
				"INSERT INTO purchase_order (id, customer_id, created_at, status) VALUES (?, ?, ?, ?)", rows);
	}

	private Table orderItems() {
		List<Object[]> rows = new ArrayList<>(ORDER_ITEMS);
		long id = 1;
		for (int order = 1; order <= ORDERS; order++) {
			int items = 1 + order % 3;
			for (int item = 0; item < items; item++) {
				// Cubing a uniform number skews sales towards low product ids, so some products are best sellers.
				double uniform = this.random.nextDouble();
				int product = 1 + (int) (PRODUCTS * uniform * uniform * uniform);
				rows.add(new Object[] { id++, (long) order, (long) product, 1 + this.random.nextInt(4),
						this.productPrices[product] });
			}
		}
		return new Table("order_item",
				"INSERT INTO order_item (id, order_id, product_id, quantity, price_cents) VALUES (?, ?, ?, ?, ?)",
				rows);
	}

	private String pick(String[] values) {
		return values[this.random.nextInt(values.length)];
	}

	/**
	 * Rows of one table with the statement that inserts them.
	 */
	record Table(String name, String insert, List<Object[]> rows) {

	}

}
