package dev.perfkit.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.jspecify.annotations.Nullable;

/**
 * Encodes an entry into the frame stored in L2 and L3, and back. A frame carries everything needed to promote the
 * entry upward without another round trip: its absolute expiry, its measured load time (for early refresh) and its
 * tags. Layout: magic {@code 'P'}, version, flags (compression in bits 0-1, null value in bit 2), expiry (epoch ms),
 * load time (ns), tag count and tags, then the raw length and the compressed payload, or the payload as is.
 * <p>
 * Frames are read from places other processes can write to, so decoding trusts nothing in them: a frame longer than
 * the value limit, or one declaring a raw length beyond it, is refused before anything is allocated for it; every
 * decompressor stops at the declared raw length; and an {@link Error} a hostile payload provokes while being read
 * (a stack overflow on deep nesting, a class that cannot be linked) is turned into an exception, so that the caller
 * counts a miss.
 */
final class EntryCodec {

	private static final byte MAGIC = 'P';

	private static final byte VERSION = 1;

	private static final int NULL_VALUE = 0b100;

	private static final String[] NO_TAGS = {};

	private final CacheValueSerializer serializer;

	private final CompressionType compression;

	private final int threshold;

	private final int maxValueBytes;

	EntryCodec(CacheValueSerializer serializer, CompressionType compression, int threshold) {
		this(serializer, compression, threshold, 1024 * 1024);
	}

	/**
	 * Creates a codec.
	 * @param maxValueBytes largest frame, and largest serialized value within it, that {@link #decode} accepts
	 */
	EntryCodec(CacheValueSerializer serializer, CompressionType compression, int threshold, int maxValueBytes) {
		this.serializer = serializer;
		this.compression = compression;
		this.threshold = threshold;
		this.maxValueBytes = maxValueBytes;
	}

	byte[] encode(@Nullable Object value, long expiresAtMillis, long loadNanos, String[] tags) {
		byte[] payload = (value != null) ? this.serializer.serialize(value) : new byte[0];
		int flags = (value != null) ? 0 : NULL_VALUE;
		int rawLength = payload.length;
		if (this.compression != CompressionType.NONE && payload.length >= this.threshold && payload.length > 0) {
			payload = compress(this.compression, payload);
			flags |= this.compression.ordinal();
		}
		byte[][] tagBytes = new byte[tags.length][];
		int tagsLength = 0;
		for (int i = 0; i < tags.length; i++) {
			tagBytes[i] = tags[i].getBytes(StandardCharsets.UTF_8);
			tagsLength += 2 + tagBytes[i].length;
		}
		boolean compressed = (flags & 0b11) != 0;
		ByteBuffer buffer = ByteBuffer.allocate(21 + tagsLength + (compressed ? 4 : 0) + payload.length);
		buffer.put(MAGIC).put(VERSION).put((byte) flags).putLong(expiresAtMillis).putLong(loadNanos);
		buffer.putShort((short) tags.length);
		for (byte[] tag : tagBytes) {
			buffer.putShort((short) tag.length).put(tag);
		}
		if (compressed) {
			buffer.putInt(rawLength);
		}
		buffer.put(payload);
		return buffer.array();
	}

	/**
	 * Length of the serialized value in a frame this codec wrote, before compression.
	 */
	static int rawValueLength(byte[] frame) {
		ByteBuffer buffer = ByteBuffer.wrap(frame);
		int position = 21;
		for (int tags = buffer.getShort(19); tags > 0; tags--) {
			position += 2 + buffer.getShort(position);
		}
		return ((buffer.get(2) & 0b11) != 0) ? buffer.getInt(position) : frame.length - position;
	}

	/**
	 * Decodes a frame.
	 * @throws RuntimeException if the frame is not one of ours, is truncated, exceeds the value limit or holds an
	 * unreadable value
	 */
	Decoded decode(byte[] frame) {
		if (frame.length > this.maxValueBytes) {
			throw new IllegalArgumentException(
					"Entry of " + frame.length + " bytes exceeds the limit of " + this.maxValueBytes);
		}
		ByteBuffer buffer = ByteBuffer.wrap(frame);
		if (buffer.get() != MAGIC || buffer.get() != VERSION) {
			throw new IllegalArgumentException("Not a layered cache entry");
		}
		int flags = buffer.get();
		long expiresAt = buffer.getLong();
		long loadNanos = buffer.getLong();
		int tagCount = buffer.getShort() & 0xFFFF;
		if (tagCount * 2 > buffer.remaining()) {
			throw new IllegalArgumentException("Truncated entry: " + tagCount + " tags declared");
		}
		String[] tags = (tagCount != 0) ? new String[tagCount] : NO_TAGS;
		for (int i = 0; i < tagCount; i++) {
			int length = buffer.getShort() & 0xFFFF;
			tags[i] = new String(frame, buffer.position(), length, StandardCharsets.UTF_8);
			buffer.position(buffer.position() + length);
		}
		if ((flags & NULL_VALUE) != 0) {
			return new Decoded(null, expiresAt, loadNanos, tags);
		}
		int type = flags & 0b11;
		byte[] payload;
		if (type != 0) {
			int rawLength = buffer.getInt();
			if (rawLength < 0 || rawLength > this.maxValueBytes) {
				throw new IllegalArgumentException(
						"Entry declares " + rawLength + " bytes, beyond the limit of " + this.maxValueBytes);
			}
			payload = decompress(CompressionType.values()[type],
					Arrays.copyOfRange(frame, buffer.position(), frame.length), rawLength);
		}
		else {
			payload = Arrays.copyOfRange(frame, buffer.position(), frame.length);
		}
		return new Decoded(deserialize(payload), expiresAt, loadNanos, tags);
	}

	private Object deserialize(byte[] payload) {
		try {
			return this.serializer.deserialize(payload);
		}
		catch (StackOverflowError | LinkageError ex) {
			// a planted payload must cost a miss, never an Error on the caller's thread
			throw new IllegalArgumentException("Unreadable value: " + ex, ex);
		}
	}

	static byte[] compress(CompressionType type, byte[] raw) {
		return switch (type) {
			case GZIP -> gzip(raw);
			case LZ4 -> Lz4.compress(raw);
			case ZSTD -> Zstd.compress(raw);
			case NONE -> raw;
		};
	}

	/**
	 * Decompresses a payload into at most {@code rawLength} bytes.
	 * @throws RuntimeException if it does not decompress to exactly {@code rawLength} bytes
	 */
	static byte[] decompress(CompressionType type, byte[] compressed, int rawLength) {
		byte[] raw = switch (type) {
			case GZIP -> gunzip(compressed, rawLength);
			case LZ4 -> Lz4.decompress(compressed, rawLength);
			case ZSTD -> Zstd.decompress(compressed, rawLength);
			case NONE -> compressed;
		};
		if (raw.length != rawLength) {
			throw new IllegalArgumentException("Decompressed length " + raw.length + " differs from " + rawLength);
		}
		return raw;
	}

	private static byte[] gzip(byte[] raw) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 16);
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(raw);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	private static byte[] gunzip(byte[] compressed, int rawLength) {
		try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
			byte[] raw = gzip.readNBytes(rawLength);
			if (gzip.read() != -1) {
				throw new IllegalArgumentException("Decompresses to more than the declared " + rawLength + " bytes");
			}
			return raw;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** An entry read back from a frame. */
	record Decoded(@Nullable Object value, long expiresAtMillis, long loadNanos, String[] tags) {
	}

	// Nested holders so that lz4-java and zstd-jni are loaded only when configured.
	private static final class Lz4 {

		private static final net.jpountz.lz4.LZ4Factory FACTORY = net.jpountz.lz4.LZ4Factory.fastestInstance();

		static byte[] compress(byte[] raw) {
			return FACTORY.fastCompressor().compress(raw);
		}

		static byte[] decompress(byte[] compressed, int rawLength) {
			byte[] raw = new byte[rawLength];
			int length = FACTORY.safeDecompressor().decompress(compressed, 0, compressed.length, raw, 0, rawLength);
			return (length == rawLength) ? raw : Arrays.copyOf(raw, length);
		}

	}

	private static final class Zstd {

		static byte[] compress(byte[] raw) {
			return com.github.luben.zstd.Zstd.compress(raw, 3);
		}

		static byte[] decompress(byte[] compressed, int rawLength) {
			return com.github.luben.zstd.Zstd.decompress(compressed, rawLength);
		}

	}

}
