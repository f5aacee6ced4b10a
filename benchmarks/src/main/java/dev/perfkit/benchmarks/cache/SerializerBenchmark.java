package dev.perfkit.benchmarks.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import dev.perfkit.cache.CompressionType;
import dev.perfkit.cache.JacksonCacheValueSerializer;
import dev.perfkit.cache.LayerSettings;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.LayeredCacheSettings;

/**
 * Serializer and compression throughput for one 10 KB JSON value (a page of 55 product maps): a write (serialize,
 * compress, frame) and a read (unframe, decompress, deserialize) through the layered cache with L1 off and an
 * in-memory lower layer, for each {@code codec}: {@code jackson} is the peer — the same Jackson serializer called
 * directly, no frame, no compression, what Spring's {@code RedisCache} would do with it — and {@code none},
 * {@code gzip}, {@code lz4}, {@code zstd} are Perfkit's compression settings (threshold 1 KB). Bytes per value are
 * printed by {@link CompressionSizes}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class SerializerBenchmark {

	@Param({ "jackson", "none", "gzip", "lz4", "zstd" })
	public String codec;

	private JacksonCacheValueSerializer serializer;

	private List<Map<String, Object>> value;

	private byte[] serialized;

	private LayeredCacheManager manager;

	private LayeredCache cache;

	@Setup
	public void setUp() {
		this.serializer = new JacksonCacheValueSerializer(List.of(), getClass().getClassLoader());
		this.value = Catalogue.page(this.serializer, 10_000);
		this.serialized = this.serializer.serialize(this.value);
		CompressionType compression = this.codec.equals("jackson") ? CompressionType.NONE
				: CompressionType.valueOf(this.codec.toUpperCase(java.util.Locale.ROOT));
		this.manager = LayeredCacheManager.builder(this.serializer)
			.layer(new InMemoryLayer(), LayerSettings.of(Duration.ofSeconds(2)))
			.compression(compression, 1024)
			.settings((name) -> new LayeredCacheSettings(Duration.ofHours(1), true, Duration.ofMinutes(1), false, 1,
					Duration.ofMinutes(1), 0))
			.build();
		this.cache = this.manager.getLayeredCache("catalogue");
		this.cache.put("page-1", this.value);
	}

	@TearDown
	public void tearDown() {
		this.manager.destroy();
	}

	@Benchmark
	public Object write() {
		if (this.codec.equals("jackson")) {
			return this.serializer.serialize(this.value);
		}
		this.cache.put("page-1", this.value);
		return null;
	}

	@Benchmark
	public Object read() {
		if (this.codec.equals("jackson")) {
			return this.serializer.deserialize(this.serialized);
		}
		return this.cache.get("page-1");
	}

}
