package dev.perfkit.cache.autoconfigure;

/**
 * Thrown at start-up when {@code perfkit.cache.enabled=true} is set explicitly while the application chose a cache of
 * its own.
 *
 * @since 0.1.0
 * @see LayeredCacheConflictFailureAnalyzer
 */
public class LayeredCacheConflictException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String choice;

	/**
	 * Creates the exception.
	 * @param choice the application's own cache choice, in words
	 */
	public LayeredCacheConflictException(String choice) {
		super("perfkit.cache.enabled=true is set, but the application chose its own cache: " + choice);
		this.choice = choice;
	}

	/**
	 * The application's own cache choice, such as {@code spring.cache.type=caffeine}.
	 * @return the choice, in words
	 */
	public String getChoice() {
		return this.choice;
	}

}
