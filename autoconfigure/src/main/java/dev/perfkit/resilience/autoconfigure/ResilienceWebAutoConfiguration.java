package dev.perfkit.resilience.autoconfigure;

import java.util.Objects;

import dev.perfkit.resilience.guard.Guard;
import dev.perfkit.resilience.guard.GuardRegistry;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter;
import dev.perfkit.resilience.web.ClientKeyResolver;
import dev.perfkit.resilience.web.OpenCircuitRetryAfter;
import dev.perfkit.resilience.web.RateLimitFilter;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the rate-limiting servlet filter.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ResilienceAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Filter.class, OncePerRequestFilter.class })
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.resilience.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("perfkit.resilience.rate-limit.web.enabled")
@ConditionalOnBean({ ClientRateLimiter.class, ResilienceProperties.class })
public final class ResilienceWebAutoConfiguration {

	// right after Spring Security's filter chain (-100), so an authenticated principal can be the client id
	private static final int ORDER = -90;

	@Bean
	@ConditionalOnMissingBean
	ClientKeyResolver clientKeyResolver(ResilienceProperties properties) {
		String header = properties.getRateLimit().getWeb().getClientIdHeader();
		ClientKeyResolver principalOrAddress = ClientKeyResolver.principalOrRemoteAddress();
		return (header != null) ? ClientKeyResolver.trustedHeader(header, principalOrAddress) : principalOrAddress;
	}

	@Bean
	@ConditionalOnMissingBean(name = "perfkitRateLimitFilter")
	FilterRegistrationBean<RateLimitFilter> perfkitRateLimitFilter(ClientRateLimiter rateLimiter,
			ResilienceProperties properties, ClientKeyResolver clientKeyResolver,
			ObjectProvider<CircuitBreakerRegistry> circuitBreakers, ObjectProvider<GuardRegistry> guards) {
		ResilienceProperties.Web web = properties.getRateLimit().getWeb();
		RateLimitFilter filter = new RateLimitFilter(rateLimiter, web.getInclude(), web.getExclude(),
				clientKeyResolver);
		OpenCircuitRetryAfter openCircuits = new OpenCircuitRetryAfter();
		circuitBreakers.ifAvailable(openCircuits::watch);
		guards.ifAvailable((registry) -> registry.getGuards()
			.stream()
			.map(Guard::getCircuitBreaker)
			.filter(Objects::nonNull)
			.forEach(openCircuits::watch));
		filter.setOpenCircuitRetryAfter(openCircuits);
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(ORDER);
		registration.setName("perfkitRateLimitFilter");
		return registration;
	}

}
