package dev.perfkit.monitor.autoconfigure;

import io.micrometer.core.aop.CountedAspect;
import io.micrometer.core.aop.TimedAspect;
import io.micrometer.core.instrument.MeterRegistry;
import org.aspectj.weaver.Advice;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAspectsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} that makes Micrometer's {@code @Timed} and {@code @Counted}
 * work out of the box. Spring Boot registers their aspects only when
 * {@code management.observations.annotations.enabled} is set; this registers the same aspects when Boot did not.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
		MetricsAspectsAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, TimedAspect.class, Advice.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.metrics.annotations.enabled", matchIfMissing = true)
public final class MetricsAnnotationsAutoConfiguration {

	MetricsAnnotationsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	TimedAspect perfkitTimedAspect(MeterRegistry registry) {
		return new TimedAspect(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	CountedAspect perfkitCountedAspect(MeterRegistry registry) {
		return new CountedAspect(registry);
	}

}
