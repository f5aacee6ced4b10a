package dev.perfkit.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

import org.springframework.util.ClassUtils;

/**
 * JSON values through Jackson 3. A value is written as its class name followed by its JSON, with type information for
 * non-final and record types inside it; on the way back every class name, at the root and inside, must be trusted —
 * the boxed primitives and {@code String} of {@code java.lang}, the classes of {@code java.util}, {@code java.time} and
 * {@code java.math} (not their sub-packages), and the packages given with their sub-packages — so bytes planted in
 * Redis cannot make the application instantiate an arbitrary class.
 *
 * @since 0.1.0
 */
public final class JacksonCacheValueSerializer implements CacheValueSerializer {

	// JDK packages whose classes (not sub-packages) are trusted; java.lang only for its value types
	private static final Set<String> JDK_PACKAGES = Set.of("java.util", "java.time", "java.math");

	private static final Set<String> JDK_LANG_TYPES = Set.of("java.lang.Object", "java.lang.String",
			"java.lang.Boolean", "java.lang.Character", "java.lang.Byte", "java.lang.Short", "java.lang.Integer",
			"java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number", "java.lang.Enum");

	private final String[] trustedPrefixes;

	private final JsonMapper mapper;

	private final ClassLoader classLoader;

	private final ConcurrentMap<Class<?>, ObjectWriter> writers = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, ObjectReader> readers = new ConcurrentHashMap<>();

	/**
	 * Creates a serializer that trusts the JDK's value packages and the given ones.
	 * @param trustedPackages packages (and their sub-packages) whose classes may be read back
	 * @param classLoader the class loader of the application's value types
	 */
	public JacksonCacheValueSerializer(Collection<String> trustedPackages, ClassLoader classLoader) {
		List<String> prefixes = new ArrayList<>();
		for (String trusted : trustedPackages) {
			if (!trusted.isBlank()) {
				prefixes.add(trusted.endsWith(".") ? trusted : trusted + ".");
			}
		}
		this.trustedPrefixes = prefixes.toArray(String[]::new);
		this.classLoader = classLoader;
		this.mapper = JsonMapper.builder()
			.activateDefaultTyping(new TrustedPackages(), DefaultTyping.NON_FINAL_AND_RECORDS, JsonTypeInfo.As.PROPERTY)
			.build();
	}

	@Override
	public byte[] serialize(Object value) {
		Class<?> type = value.getClass();
		byte[] name = type.getName().getBytes(StandardCharsets.UTF_8);
		byte[] json = this.writers.computeIfAbsent(type, this.mapper::writerFor).writeValueAsBytes(value);
		byte[] bytes = new byte[2 + name.length + json.length];
		bytes[0] = (byte) (name.length >>> 8);
		bytes[1] = (byte) name.length;
		System.arraycopy(name, 0, bytes, 2, name.length);
		System.arraycopy(json, 0, bytes, 2 + name.length, json.length);
		return bytes;
	}

	@Override
	public Object deserialize(byte[] bytes) {
		int length = ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
		String name = new String(bytes, 2, length, StandardCharsets.UTF_8);
		ObjectReader reader = this.readers.get(name);
		if (reader == null) {
			if (!isTrusted(name)) {
				throw new IllegalArgumentException("Refusing to read cached value of untrusted type " + name);
			}
			Class<?> type = ClassUtils.resolveClassName(name, this.classLoader);
			reader = this.mapper.readerFor(type);
			if (this.readers.size() < 10_000) {
				this.readers.put(name, reader);
			}
		}
		return reader.readValue(bytes, 2 + length, bytes.length - 2 - length);
	}

	boolean isTrusted(String className) {
		String name = className;
		while (name.startsWith("[")) {
			name = name.substring(1);
		}
		if (name.length() == 1) {
			return true; // primitive array
		}
		if (name.startsWith("L") && name.endsWith(";")) {
			name = name.substring(1, name.length() - 1);
		}
		if (JDK_LANG_TYPES.contains(name)) {
			return true;
		}
		int lastDot = name.lastIndexOf('.');
		if (lastDot > 0 && JDK_PACKAGES.contains(name.substring(0, lastDot))) {
			return true;
		}
		for (String prefix : this.trustedPrefixes) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "JacksonCacheValueSerializer" + Arrays.toString(this.trustedPrefixes);
	}

	/** Lets Jackson resolve a polymorphic type id only when it names a trusted class. */
	private final class TrustedPackages extends PolymorphicTypeValidator.Base {

		@Override
		public Validity validateBaseType(DatabindContext context, JavaType baseType) {
			return Validity.INDETERMINATE;
		}

		@Override
		public Validity validateSubClassName(DatabindContext context, JavaType baseType, String subClassName) {
			return isTrusted(subClassName) ? Validity.ALLOWED : Validity.DENIED;
		}

		@Override
		public Validity validateSubType(DatabindContext context, JavaType baseType, JavaType subType) {
			return isTrusted(subType.getRawClass().getName()) ? Validity.ALLOWED : Validity.DENIED;
		}

	}

}
