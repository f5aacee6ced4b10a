package dev.perfkit.resilience.autoconfigure;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Fails start-up when the application sets {@code resilience4j.*} properties while Resilience4j's Boot starter, the
 * only thing that reads them, is not on the class path. The starter brings Resilience4j's core modules only, so
 * without this check the breakers, retries and bulkheads a guard names would run with defaults, without a word.
 */
final class Resilience4jPropertiesCheck implements InitializingBean {

	private static final ConfigurationPropertyName RESILIENCE4J = ConfigurationPropertyName.of("resilience4j");

	private final Environment environment;

	Resilience4jPropertiesCheck(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				ConfigurationPropertyName name = iterable.stream().filter(RESILIENCE4J::isAncestorOf).findFirst().orElse(null);
				if (name != null) {
					ConfigurationProperty property = source.getConfigurationProperty(name);
					throw new InvalidConfigurationPropertyValueException(name.toString(),
							(property != null) ? property.getValue() : null,
							"Resilience4j's Spring Boot starter, which reads the resilience4j.* properties, is not on the "
									+ "class path (Perfkit's starter brings Resilience4j's core modules only). Add "
									+ "io.github.resilience4j:resilience4j-spring-boot4 to the application, or remove "
									+ "the resilience4j.* properties.");
				}
			}
		}
	}

}
