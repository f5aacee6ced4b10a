package dev.perfkit.profiler.autoconfigure;

import dev.perfkit.profiler.metrics.ProfilerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the SQL profiler's Micrometer meters. Runs before the
 * profiler so that the profiler is created with its metrics observer.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = ProfilerAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({ MeterRegistry.class, javax.sql.DataSource.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.profiler.enabled", matchIfMissing = true)
public final class ProfilerMetricsAutoConfiguration {

	private static final int MAX_TABLE_TAGS = 20;

	@Bean
	@ConditionalOnMissingBean
	ProfilerMetrics profilerMetrics(MeterRegistry registry) {
		return new ProfilerMetrics(registry, MAX_TABLE_TAGS);
	}

}
