package dev.perfkit.resilience.autoconfigure;

import dev.perfkit.resilience.guard.GuardRegistry;
import dev.perfkit.resilience.metrics.ResilienceMetrics;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter;
import dev.perfkit.resilience.throttle.Throttle;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for Perfkit's resilience meters. The binder is a
 * {@link MeterBinder} bean, which Spring Boot binds to every meter registry.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ResilienceAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.resilience.enabled", matchIfMissing = true)
@ConditionalOnBean(GuardRegistry.class)
public final class ResilienceMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ResilienceMetrics perfkitResilienceMetrics(ObjectProvider<Throttle> throttle,
			ObjectProvider<ClientRateLimiter> rateLimiter) {
		return new ResilienceMetrics(throttle.getIfAvailable(), rateLimiter.getIfAvailable());
	}

}
