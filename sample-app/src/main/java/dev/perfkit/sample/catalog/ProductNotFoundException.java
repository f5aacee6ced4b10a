package dev.perfkit.sample.catalog;

/**
 * Thrown when a product does not exist.
 *
 * @since 0.1.0
 */
public class ProductNotFoundException extends RuntimeException {

	private final long id;

	/**
	 * Creates an exception for the product with the given id.
	 * @param id the id that was not found
	 */
	public ProductNotFoundException(long id) {
		super("No product with id " + id);
		this.id = id;
	}

	/**
	 * Returns the id that was not found.
	 * @return the id
	 */
	public long getId() {
		return this.id;
	}

}
