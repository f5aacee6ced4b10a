package dev.perfkit.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for Perfkit's root properties. Every capability's
 * auto-configuration carries the {@code perfkit.enabled} condition as well as its own switch.
 * <p>
 * The root properties are bound even when Perfkit is disabled: Spring Boot's property conditions read any value but
 * {@code true} as "off", so {@code perfkit.enabled=ture} would otherwise switch Perfkit off without a word.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@EnableConfigurationProperties(PerfkitProperties.class)
public final class PerfkitAutoConfiguration {

	PerfkitAutoConfiguration() {
	}

}
