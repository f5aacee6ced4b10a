package dev.perfkit.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.perfkit.test.RedisLocator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoding trusts nothing in a frame read back from Redis or the SQLite file: compression bombs and frames declaring
 * or having more than {@code perfkit.cache.limits.max-value-size} are counted misses, never an {@link Error}.
 */
class LayeredCacheDecodingLimitsTests {

	private static final byte GZIP = 1;

	private static final byte LZ4 = 2;

	private static final byte ZSTD = 3;

	@TempDir
	Path temp;

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "lz4-declaring-2GB", "zstd-declaring-2GB", "gzip-declaring-2GB", "gzip-bomb",
			"oversized-frame", "truncated-tags" })
	void plantedBombsAndOversizedFramesAreCountedMissesInEveryLayer(String variant) {
		ApplicationContextRunner runner = CacheTestContexts.runner(RedisLocator.locate().url(),
				this.temp.resolve("app.db"), CacheTestContexts.uniquePrefix())
			// a megabyte read on a loaded machine must not time out: this test is about decoding
			.withPropertyValues("perfkit.cache.redis.timeout=10s");
		runner.run((context) -> {
			LayeredCacheManager manager = context.getBean(LayeredCacheManager.class);
			LayeredCache cache = manager.getLayeredCache("shared");
			byte[] frame = frame(variant, context.getBean(CacheValueSerializer.class));
			for (CacheLayer layer : manager.getLayers()) {
				layer.put("shared", "planted-" + layer.name(), frame, System.currentTimeMillis() + 60_000,
						new String[0]);
				assertThat(layer.get("shared", "planted-" + layer.name())).as(layer.name()).isEqualTo(frame);
			}
			assertThat(manager.getLayers()).extracting(CacheLayer::name).containsExactly("redis", "sqlite");
			assertThat(cache.get("planted-redis")).isNull();
			assertThat(cache.get("planted-sqlite")).isNull();
			assertThat(cache.getStatistics().getCorruptEntries()).isEqualTo(2);
			assertThat(cache.getStatistics().getMisses()).isEqualTo(2);
			// and the cache goes on working
			cache.put("after", "value");
			assertThat(cache.get("after").get()).isEqualTo("value");
		});
	}

	private static byte[] frame(String variant, CacheValueSerializer serializer) throws IOException {
		return switch (variant) {
			case "lz4-declaring-2GB" -> compressed(LZ4, Integer.MAX_VALUE, new byte[] { 1, 2, 3, 4 });
			case "zstd-declaring-2GB" -> compressed(ZSTD, Integer.MAX_VALUE, new byte[] { 1, 2, 3, 4 });
			case "gzip-declaring-2GB" -> compressed(GZIP, Integer.MAX_VALUE, zeros(1));
			// 64 MB of zeros in 64 KB, declaring 1 KB: reading stops after the declared length
			case "gzip-bomb" -> compressed(GZIP, 1024, zeros(64));
			// a well-formed value, but larger than the 1 MB limit
			case "oversized-frame" -> new EntryCodec(serializer, CompressionType.NONE, 0, Integer.MAX_VALUE - 64)
				.encode("x".repeat(1100 * 1024), System.currentTimeMillis() + 60_000, 0, new String[0]);
			case "truncated-tags" -> ByteBuffer.allocate(21).put((byte) 'P').put((byte) 1).put((byte) 0)
				.putLong(System.currentTimeMillis() + 60_000).putLong(0).putShort((short) -1).array();
			default -> throw new IllegalArgumentException(variant);
		};
	}

	private static byte[] compressed(byte type, int declaredLength, byte[] payload) {
		return ByteBuffer.allocate(25 + payload.length)
			.put((byte) 'P')
			.put((byte) 1)
			.put(type)
			.putLong(System.currentTimeMillis() + 60_000)
			.putLong(0)
			.putShort((short) 0)
			.putInt(declaredLength)
			.put(payload)
			.array();
	}

	private static byte[] zeros(int megabytes) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] block = new byte[1024 * 1024];
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			for (int i = 0; i < megabytes; i++) {
				gzip.write(block);
			}
		}
		return out.toByteArray();
	}

}
