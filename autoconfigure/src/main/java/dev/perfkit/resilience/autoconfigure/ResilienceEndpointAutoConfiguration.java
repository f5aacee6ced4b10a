package dev.perfkit.resilience.autoconfigure;

import dev.perfkit.resilience.actuate.ThrottlingEndpoint;
import dev.perfkit.resilience.actuate.ThrottlingEndpointWebExtension;
import dev.perfkit.resilience.guard.GuardRegistry;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter;
import dev.perfkit.resilience.throttle.Throttle;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@code /actuator/throttling}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ResilienceAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.resilience.enabled", matchIfMissing = true)
@ConditionalOnBean(GuardRegistry.class)
public final class ResilienceEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ThrottlingEndpoint throttlingEndpoint(ObjectProvider<Throttle> throttle, ObjectProvider<ClientRateLimiter> rateLimiter,
			ObjectProvider<GuardRegistry> guards) {
		return new ThrottlingEndpoint(throttle.getIfAvailable(), rateLimiter.getIfAvailable(), guards.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ThrottlingEndpoint.class)
	ThrottlingEndpointWebExtension throttlingEndpointWebExtension(ThrottlingEndpoint endpoint) {
		return new ThrottlingEndpointWebExtension(endpoint);
	}

}
