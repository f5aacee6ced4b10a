package dev.perfkit.cache;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.perfkit.cache.CacheTestContexts.Product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class JacksonCacheValueSerializerTests {

	private final JacksonCacheValueSerializer serializer = new JacksonCacheValueSerializer(List.of("dev.perfkit.cache"),
			getClass().getClassLoader());

	@Test
	void roundTripsRecordsCollectionsAndJavaTime() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("day", LocalDate.of(2025, 3, 1));
		map.put("products", new ArrayList<>(List.of(Product.of(1, "one"), Product.of(2, "two"))));
		for (Object value : List.of(Product.of(1, "one"), List.of(Product.of(1, "one"), Product.of(2, "two")),
				Set.of("a", "b"), Instant.parse("2025-01-01T10:15:30.123Z"), Duration.ofMinutes(5),
				new BigDecimal("12.50"), 42L, "text", map)) {
			assertThat(this.serializer.deserialize(this.serializer.serialize(value))).as(value.getClass().getName())
				.isEqualTo(value);
		}
	}

	@Test
	void refusesARootTypeOutsideTheTrustedPackages() {
		byte[] bytes = this.serializer.serialize(Product.of(1, "one"));
		JacksonCacheValueSerializer untrusting = new JacksonCacheValueSerializer(List.of(),
				getClass().getClassLoader());
		assertThatException().isThrownBy(() -> untrusting.deserialize(bytes)).withMessageContaining("untrusted");
	}

	@Test
	void refusesANestedTypeOutsideTheTrustedPackages() {
		byte[] bytes = frame("java.util.ArrayList", "[\"java.util.ArrayList\",[[\"javax.naming.InitialContext\",{}]]]");
		assertThatException().isThrownBy(() -> this.serializer.deserialize(bytes));
		byte[] process = frame("java.lang.ProcessBuilder", "{}");
		assertThatException().isThrownBy(() -> this.serializer.deserialize(process)).withMessageContaining("untrusted");
	}

	@Test
	void trustsJdkValueTypesButNotTheirSubPackages() {
		assertThat(this.serializer.isTrusted("java.util.HashMap")).isTrue();
		assertThat(this.serializer.isTrusted("java.lang.Long")).isTrue();
		assertThat(this.serializer.isTrusted("java.lang.Runtime")).isFalse();
		assertThat(this.serializer.isTrusted("java.util.logging.FileHandler")).isFalse();
		assertThat(this.serializer.isTrusted("dev.perfkit.cache.sub.Anything")).isTrue();
		assertThat(this.serializer.isTrusted("dev.perfkitx.Evil")).isFalse();
	}

	private static byte[] frame(String className, String json) {
		byte[] name = className.getBytes(StandardCharsets.UTF_8);
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		byte[] bytes = new byte[2 + name.length + body.length];
		bytes[1] = (byte) name.length;
		System.arraycopy(name, 0, bytes, 2, name.length);
		System.arraycopy(body, 0, bytes, 2 + name.length, body.length);
		return bytes;
	}

}
