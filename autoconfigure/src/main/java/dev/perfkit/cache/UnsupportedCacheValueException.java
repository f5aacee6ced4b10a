package dev.perfkit.cache;

/**
 * Thrown by a {@link CacheValueSerializer} for a value it will not write to Redis or SQLite because it could not be
 * read back equal to what was put: an uninitialized lazy association, a type that cannot be rebuilt from its bytes,
 * or one that reads back different. The cache keeps such values in memory (L1) only.
 *
 * @since 0.1.0
 */
public class UnsupportedCacheValueException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String valueType;

	private final String fix;

	/**
	 * Creates the exception.
	 * @param valueType the class name of the refused value
	 * @param reason why it is refused
	 * @param fix what the application can change so that it is stored
	 */
	public UnsupportedCacheValueException(String valueType, String reason, String fix) {
		super(reason + "; fix: " + fix);
		this.valueType = valueType;
		this.fix = fix;
	}

	/**
	 * Class name of the refused value (the cached value's own class, not the nested type that failed).
	 * @return the class name
	 */
	public String getValueType() {
		return this.valueType;
	}

	/**
	 * What the application can change so that values of this type are stored.
	 * @return the fix, in words
	 */
	public String getFix() {
		return this.fix;
	}

}
