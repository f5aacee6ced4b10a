package dev.perfkit.autoconfigure;

import io.micrometer.observation.tck.TestObservationRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Boot's {@code ObservationRegistry} replaced by Micrometer's {@link TestObservationRegistry}, which keeps every
 * observation for the observation tests of each capability to assert on.
 */
@Configuration(proxyBeanMethods = false)
public class TestObservationRegistryConfiguration {

	@Bean
	TestObservationRegistry observationRegistry() {
		return TestObservationRegistry.create();
	}

}
