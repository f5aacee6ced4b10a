package dev.perfkit.cache;

import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of frame decoding: any bytes read from Redis or SQLite decode or fail with an exception, never an
 * {@link Error} and never an allocation beyond the limit. Regression inputs: {@code EntryCodecFuzzTestsInputs}.
 */
class EntryCodecFuzzTests {

	private static final int LIMIT = 64 * 1024;

	private static final CacheValueSerializer SERIALIZER = new JacksonCacheValueSerializer(List.of("dev.perfkit.cache"),
			EntryCodecFuzzTests.class.getClassLoader());

	private static final EntryCodec CODEC = new EntryCodec(SERIALIZER, CompressionType.NONE, 0, LIMIT);

	@FuzzTest(maxDuration = "10m")
	void anyFrameDecodesOrFailsWithAnException(byte[] frame) {
		try {
			CODEC.decode(frame);
		}
		catch (RuntimeException ex) {
			// refused: a counted miss for the cache
		}
	}

	@FuzzTest(maxDuration = "10m")
	void compressedPayloadsAreBoundedByTheDeclaredLength(FuzzedDataProvider data) {
		CompressionType type = data.pickValue(CompressionType.values());
		int declared = data.consumeInt(-1, LIMIT + 1);
		byte[] compressed = data.consumeRemainingAsBytes();
		try {
			byte[] raw = EntryCodec.decompress(type, compressed, Math.max(0, Math.min(declared, LIMIT)));
			assertThat(raw.length).isLessThanOrEqualTo(LIMIT);
		}
		catch (RuntimeException ex) {
			// refused
		}
	}

	@FuzzTest(maxDuration = "10m")
	void whatIsEncodedDecodesToTheSameValue(FuzzedDataProvider data) {
		CompressionType type = data.pickValue(CompressionType.values());
		String[] tags = new String[data.consumeInt(0, 3)];
		for (int i = 0; i < tags.length; i++) {
			tags[i] = data.consumeString(20);
		}
		String value = data.consumeRemainingAsString();
		EntryCodec codec = new EntryCodec(SERIALIZER, type, 0, 1024 * 1024);
		byte[] frame = codec.encode(value, 42, 7, tags);
		EntryCodec.Decoded decoded = codec.decode(frame);
		assertThat(decoded.value()).isEqualTo(value);
		assertThat(decoded.tags()).containsExactly(tags);
		assertThat(decoded.expiresAtMillis()).isEqualTo(42);
	}

}
