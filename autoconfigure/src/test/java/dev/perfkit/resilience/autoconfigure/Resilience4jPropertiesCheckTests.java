package dev.perfkit.resilience.autoconfigure;

import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter brings Resilience4j's core modules only: settings under {@code resilience4j.*} without Resilience4j's
 * Boot starter would be ignored, so start-up fails naming the property and the fix.
 */
class Resilience4jPropertiesCheckTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class));

	@Test
	void resilience4jPropertiesWithoutItsBootStarterFailStartUpNamingTheFix() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(CircuitBreakerAutoConfiguration.class))
			.withPropertyValues("resilience4j.circuitbreaker.instances.downstream.sliding-window-size=10")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("resilience4j.circuitbreaker.instances.downstream.sliding-window-size")
				.hasMessageContaining("io.github.resilience4j:resilience4j-spring-boot4"));
	}

	@Test
	void withoutResilience4jPropertiesTheCoreModulesAreEnough() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(CircuitBreakerAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(Resilience4jPropertiesCheck.class));
	}

	@Test
	void withItsBootStarterTheyAreItsToRead() {
		this.contextRunner.withPropertyValues("resilience4j.circuitbreaker.instances.downstream.sliding-window-size=10")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(Resilience4jPropertiesCheck.class));
	}

}
