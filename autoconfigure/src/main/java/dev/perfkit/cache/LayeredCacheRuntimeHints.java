package dev.perfkit.cache;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * {@link RuntimeHintsRegistrar} for the layered cache's value serializer: the Spring Data types it writes and reads
 * with mix-ins ({@code PageImpl}, {@code SliceImpl}, {@code PageRequest}, {@code Sort}, {@code Unpaged}) when Spring
 * Data is present. The application's own cached types are the application's to register (for example with
 * {@code @RegisterReflectionForBinding}), as for any Jackson binding in a native image.
 *
 * @since 0.1.0
 */
public class LayeredCacheRuntimeHints implements RuntimeHintsRegistrar {

	private static final String PAGE_IMPL = "org.springframework.data.domain.PageImpl";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		ClassLoader loader = (classLoader != null) ? classLoader : LayeredCacheRuntimeHints.class.getClassLoader();
		if (ClassUtils.isPresent(PAGE_IMPL, loader)) {
			SpringDataValues.registerHints(hints, loader);
		}
	}

}
