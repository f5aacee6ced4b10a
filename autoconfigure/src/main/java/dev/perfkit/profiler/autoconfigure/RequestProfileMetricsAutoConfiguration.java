package dev.perfkit.profiler.autoconfigure;

import dev.perfkit.profiler.metrics.RequestProfileMetrics;
import dev.perfkit.profiler.request.RequestProfiles;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the Micrometer meters of request profiles.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = RequestProfileAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, RequestProfiles.class })
public final class RequestProfileMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RequestProfileMetrics requestProfileMetrics(MeterRegistry registry, RequestProfiles profiles) {
		return new RequestProfileMetrics(registry, profiles);
	}

}
