package dev.perfkit.profiler.autoconfigure;

import javax.sql.DataSource;

import dev.perfkit.autoconfigure.ObservationDefaults;
import dev.perfkit.profiler.TraceIdSource;
import dev.perfkit.profiler.observation.JdbcConnectionObservationConvention;
import dev.perfkit.profiler.observation.JdbcObservations;
import dev.perfkit.profiler.observation.JdbcQueryObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the observations of profiled statements and connection
 * acquisitions, in Boot's {@link ObservationRegistry}, and for the trace id on slow statements and N+1 incidents.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = ProfilerAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(DataSource.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.profiler.enabled", matchIfMissing = true)
public final class ProfilerObservationAutoConfiguration {

	/** Statements and connection acquisitions as observations. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	@ConditionalOnBean(ObservationRegistry.class)
	@ConditionalOnBooleanProperty(name = "perfkit.profiler.observations.enabled", matchIfMissing = true)
	static class JdbcObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JdbcObservations jdbcObservations(ObservationRegistry registry, Environment environment,
				ListableBeanFactory beans, ObjectProvider<JdbcQueryObservationConvention> queryConvention,
				ObjectProvider<JdbcConnectionObservationConvention> connectionConvention) {
			return new JdbcObservations(
					ObservationDefaults.registry(registry, environment, "perfkit.profiler.observations.enabled", beans),
					queryConvention.getIfUnique(), connectionConvention.getIfUnique());
		}

	}

	/** The trace id of slow statements and N+1 incidents, from Micrometer Tracing's tracer when there is one. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	static class TraceIdConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TraceIdSource perfkitTraceIdSource(ObjectProvider<Tracer> tracer) {
			return () -> {
				Tracer current = tracer.getIfAvailable();
				Span span = (current != null) ? current.currentSpan() : null;
				String traceId = (span != null) ? span.context().traceId() : null;
				// Tracer.NOOP's span answers an empty trace id
				return (traceId != null && !traceId.isEmpty()) ? traceId : null;
			};
		}

	}

}
