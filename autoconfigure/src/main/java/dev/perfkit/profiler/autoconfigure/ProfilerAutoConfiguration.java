package dev.perfkit.profiler.autoconfigure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import dev.perfkit.profiler.QueryObserver;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.TraceIdSource;
import dev.perfkit.profiler.explain.PlanCapturer;
import dev.perfkit.profiler.jdbc.ProfilingDataSource;
import dev.perfkit.profiler.jdbc.ProfilingDataSourceBeanPostProcessor;
import dev.perfkit.profiler.observation.JdbcObservations;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the SQL profiler: every {@link DataSource} bean is wrapped
 * so that its statements are recorded by a {@link QueryProfiler}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(DataSource.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.profiler.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ProfilerProperties.class)
public final class ProfilerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	QueryProfiler queryProfiler(ProfilerProperties properties, ObjectProvider<QueryObserver> observers,
			ObjectProvider<TraceIdSource> traceIds, BeanFactory beanFactory) {
		QueryProfiler profiler = new QueryProfiler(
				properties.toSettings().withApplicationPackages(applicationPackages(properties, beanFactory)),
				observers.orderedStream().toList());
		profiler.setTraceIdSource(traceIds.getIfUnique());
		return profiler;
	}

	/** The packages of the application's own code: its auto-configuration packages and those configured. */
	private static List<String> applicationPackages(ProfilerProperties properties, BeanFactory beanFactory) {
		Set<String> packages = new LinkedHashSet<>();
		if (AutoConfigurationPackages.has(beanFactory)) {
			packages.addAll(AutoConfigurationPackages.get(beanFactory));
		}
		packages.addAll(properties.getApplicationPackages());
		return List.copyOf(packages);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "perfkit.profiler.explain.enabled")
	PlanCapturer planCapturer(ProfilerProperties properties, ObjectProvider<QueryProfiler> profiler,
			BeanFactory beanFactory) {
		return new PlanCapturer(profiler::getObject, (name) -> unprofiled(beanFactory, name),
				properties.getExplain().getThreshold(), properties.getExplain().getInterval());
	}

	private static @Nullable DataSource unprofiled(BeanFactory beanFactory, String name) {
		if (!beanFactory.containsBean(name)) {
			return null;
		}
		DataSource dataSource = beanFactory.getBean(name, DataSource.class);
		return (dataSource instanceof ProfilingDataSource profiling) ? profiling.getDelegate() : dataSource;
	}

	@Bean
	@ConditionalOnMissingBean
	static ProfilingDataSourceBeanPostProcessor profilingDataSourceBeanPostProcessor(
			ObjectProvider<QueryProfiler> profiler, ObjectProvider<JdbcObservations> observations,
			Environment environment) {
		Binder binder = Binder.get(environment);
		Bindable<List<String>> names = Bindable.listOf(String.class);
		return new ProfilingDataSourceBeanPostProcessor(profiler, observations,
				binder.bind("perfkit.profiler.data-sources.include", names).orElse(List.of()),
				binder.bind("perfkit.profiler.data-sources.exclude", names).orElse(List.of()));
	}

}
