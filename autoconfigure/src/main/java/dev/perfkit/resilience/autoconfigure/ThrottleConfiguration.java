package dev.perfkit.resilience.autoconfigure;

import dev.perfkit.resilience.throttle.ProcessCpuLoad;
import dev.perfkit.resilience.throttle.Throttle;
import dev.perfkit.resilience.throttle.ThrottleAdjuster;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Global throttle and, in adaptive mode, its adjuster. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "perfkit.resilience.throttle.enabled", matchIfMissing = true)
class ThrottleConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Throttle perfkitThrottle(ResilienceProperties properties, ObjectProvider<RateLimiterRegistry> registry) {
		ResilienceProperties.Throttle throttle = properties.getThrottle();
		Throttle.Settings settings = new Throttle.Settings(throttle.getRate(), throttle.isAdaptive(),
				throttle.getMinRate(), throttle.getMaxRate(), throttle.getTargetLatency(), throttle.getCpuThreshold(),
				throttle.getErrorRateThreshold(), throttle.getDecreaseFactor(), throttle.getIncreaseStep(),
				throttle.getMaxWait(), throttle.getHistorySize());
		return new Throttle(registry.getIfAvailable(RateLimiterRegistry::ofDefaults), settings, new ProcessCpuLoad());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("perfkit.resilience.throttle.adaptive")
	ThrottleAdjuster perfkitThrottleAdjuster(Throttle throttle, ResilienceProperties properties) {
		return new ThrottleAdjuster(throttle, properties.getThrottle().getAdjustInterval());
	}

}
