package dev.perfkit.profiler.autoconfigure;

import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.actuate.ProfilerEndpoint;
import dev.perfkit.profiler.actuate.ProfilerEndpointWebExtension;
import dev.perfkit.profiler.health.ProfilerHealthIndicator;
import dev.perfkit.profiler.request.RequestProfiles;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the SQL profiler's Actuator endpoint and health contributor.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ProfilerAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.profiler.enabled", matchIfMissing = true)
@ConditionalOnBean(QueryProfiler.class)
public final class ProfilerActuatorAutoConfiguration {

	/** The endpoint, when Actuator is present and the endpoint is available. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnAvailableEndpoint(ProfilerEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ProfilerEndpoint profilerEndpoint(QueryProfiler profiler, ObjectProvider<RequestProfiles> requests) {
			return new ProfilerEndpoint(profiler, requests.getIfAvailable());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(ProfilerEndpoint.class)
		ProfilerEndpointWebExtension profilerEndpointWebExtension(ProfilerEndpoint endpoint) {
			return new ProfilerEndpointWebExtension(endpoint);
		}

	}

	/** The {@code profiler} health contributor, when Spring Boot's health support is present. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("profiler")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ProfilerHealthIndicator profilerHealthIndicator(QueryProfiler profiler, ProfilerProperties properties) {
			return new ProfilerHealthIndicator(profiler, properties.getHealth().getSlowQueryPercentage());
		}

	}

}
