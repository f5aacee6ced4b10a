package dev.perfkit.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.util.ReflectionUtils;

/**
 * Turns a cache key into the string that names it in the shared and persistent layers and on the invalidation bus, as
 * Spring Data Redis's {@code RedisCache#convertKey} does: a {@code String} as is; a key the conversion service can
 * turn into a {@code String} (primitives' wrappers, enums, UUIDs, {@link SimpleKey}, any type with a registered
 * {@code Converter}); a key whose class overrides {@code toString()}. Any other key (its string would be an identity
 * hash: never found again, and equal across JVMs only by chance) is refused. Only misses, writes and invalidations
 * convert a key; an L1 hit uses the key object itself.
 */
final class CacheKeys {

	private static final TypeDescriptor STRING = TypeDescriptor.valueOf(String.class);

	private final ConversionService conversionService;

	private final Map<Class<?>, Conversion> conversions = new ConcurrentHashMap<>();

	CacheKeys(ConversionService conversionService) {
		this.conversionService = conversionService;
	}

	/** The default conversions: Spring's, and {@link SimpleKey} through its {@code toString()}. */
	static ConversionService defaultConversionService() {
		DefaultConversionService service = new DefaultConversionService();
		service.addConverter(SimpleKey.class, String.class, SimpleKey::toString);
		return service;
	}

	/**
	 * The shared-layer form of a key.
	 * @param cache the cache name, for the error message
	 * @param key the key
	 * @return its string form
	 * @throws IllegalStateException if the key's type has neither a converter to {@code String} nor its own
	 * {@code toString()}
	 */
	String id(String cache, Object key) {
		if (key instanceof String string) {
			return string;
		}
		Conversion conversion = this.conversions.computeIfAbsent(key.getClass(), this::conversionOf);
		return switch (conversion) {
			case CONVERTER -> {
				String id = this.conversionService.convert(key, String.class);
				yield (id != null) ? id : String.valueOf(key);
			}
			case TO_STRING -> key.toString();
			case REFUSED -> throw new IllegalStateException("Cache '" + cache + "' cannot use a key of type "
					+ key.getClass().getName() + ": it has no Converter to String and does not override toString(),"
					+ " so its string form would differ in every JVM and never be found again. Override "
					+ key.getClass().getSimpleName() + ".toString() (a record does), register a Converter<"
					+ key.getClass().getSimpleName() + ", String> with the cache manager's key conversion service,"
					+ " or give the cached method a key (key = \"...\" or a KeyGenerator) of a supported type");
		};
	}

	private Conversion conversionOf(Class<?> type) {
		if (this.conversionService.canConvert(TypeDescriptor.valueOf(type), STRING)) {
			return Conversion.CONVERTER;
		}
		var toString = ReflectionUtils.findMethod(type, "toString");
		if (toString != null && toString.getDeclaringClass() != Object.class) {
			return Conversion.TO_STRING;
		}
		return Conversion.REFUSED;
	}

	private enum Conversion {

		CONVERTER, TO_STRING, REFUSED

	}

}
