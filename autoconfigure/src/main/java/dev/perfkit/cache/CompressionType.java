package dev.perfkit.cache;

/**
 * Compression of values stored in the shared and persistent layers.
 *
 * @since 0.1.0
 */
public enum CompressionType {

	/** Values are stored as serialized. */
	NONE,

	/** GZIP from the JDK: smallest dependency footprint, slowest. */
	GZIP,

	/** LZ4 (lz4-java): fast, moderate ratio. */
	LZ4,

	/** Zstandard (zstd-jni): good ratio at good speed. */
	ZSTD

}
