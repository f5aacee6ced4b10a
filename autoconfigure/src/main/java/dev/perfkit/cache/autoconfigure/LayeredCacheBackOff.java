package dev.perfkit.cache.autoconfigure;

import java.util.Arrays;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cache.CacheManager;
import org.springframework.core.env.Environment;

/**
 * Says once, at INFO, that Perfkit's layered cache stepped aside for the application's own cache choice
 * ({@code spring.cache.type}, or a {@link CacheManager} bean of its own), and fails start-up when the application
 * also switched the layered cache on explicitly ({@code perfkit.cache.enabled=true}): both cannot hold.
 */
class LayeredCacheBackOff implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(LayeredCacheBackOff.class);

	private final Environment environment;

	private final ListableBeanFactory beanFactory;

	LayeredCacheBackOff(Environment environment, ListableBeanFactory beanFactory) {
		this.environment = environment;
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		String choice = userChoice();
		if (choice == null) {
			return;
		}
		if ("true".equalsIgnoreCase(this.environment.getProperty("perfkit.cache.enabled"))) {
			throw new LayeredCacheConflictException(choice);
		}
		logger.info("Perfkit's layered cache is off because the application chose its own cache (" + choice
				+ "); Perfkit's other parts are unaffected. To use the layered cache instead, remove that choice.");
	}

	private @Nullable String userChoice() {
		String type = this.environment.getProperty(OnNoCacheTypeCondition.CACHE_TYPE);
		if (type != null) {
			return OnNoCacheTypeCondition.CACHE_TYPE + "=" + type;
		}
		String[] names = this.beanFactory.getBeanNamesForType(CacheManager.class, false, false);
		if (names.length > 0) {
			return "CacheManager bean" + ((names.length > 1) ? "s " : " ") + String.join(", ", Arrays.stream(names)
				.map((name) -> "'" + name + "' (" + typeOf(name) + ")")
				.toList());
		}
		return null;
	}

	private String typeOf(String name) {
		Class<?> type = this.beanFactory.getType(name, false);
		return (type != null) ? type.getName() : "unknown type";
	}

}
