package dev.perfkit.resilience.autoconfigure;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter;
import dev.perfkit.resilience.ratelimit.LocalClientRateLimiter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Per-client rate limiter that counts in process. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Caffeine.class)
@ConditionalOnBooleanProperty(name = "perfkit.resilience.rate-limit.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "perfkit.resilience.rate-limit.backend", havingValue = "local", matchIfMissing = true)
class LocalRateLimitConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClientRateLimiter perfkitClientRateLimiter(ResilienceProperties properties) {
		ResilienceProperties.RateLimit rateLimit = properties.getRateLimit();
		return new LocalClientRateLimiter(RateLimitPlansFactory.plans(rateLimit), rateLimit.isMonitorOnly(),
				rateLimit.getMaxClients());
	}

}
