package dev.perfkit.cache;

/**
 * Turns cached values into bytes for the shared and persistent layers and back. An implementation must refuse to
 * instantiate types it does not trust.
 *
 * @since 0.1.0
 * @see JacksonCacheValueSerializer
 */
public interface CacheValueSerializer {

	/**
	 * Serializes a non-null value.
	 * @param value the value
	 * @return its bytes
	 */
	byte[] serialize(Object value);

	/**
	 * Reads a value written by {@link #serialize(Object)}.
	 * @param bytes the bytes
	 * @return the value
	 * @throws RuntimeException if the bytes cannot be read or name a type that is not trusted
	 */
	Object deserialize(byte[] bytes);

}
