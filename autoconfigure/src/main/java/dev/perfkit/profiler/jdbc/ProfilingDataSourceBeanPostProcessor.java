package dev.perfkit.profiler.jdbc;

import java.util.List;

import javax.sql.DataSource;

import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.observation.JdbcObservations;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.util.PatternMatchUtils;

/**
 * Wraps every {@link DataSource} bean in a {@link ProfilingDataSource}, unless excluded by name. A DataSource that is
 * already profiled is left alone.
 *
 * @since 0.1.0
 */
public class ProfilingDataSourceBeanPostProcessor implements BeanPostProcessor, Ordered {

	private final ObjectProvider<QueryProfiler> profiler;

	private final @Nullable ObjectProvider<JdbcObservations> observations;

	private final List<String> include;

	private final List<String> exclude;

	/**
	 * Create a post-processor.
	 * @param profiler the profiler, resolved on the first DataSource
	 * @param include bean name patterns to wrap ({@code *} wildcards); empty for all
	 * @param exclude bean name patterns never to wrap
	 */
	public ProfilingDataSourceBeanPostProcessor(ObjectProvider<QueryProfiler> profiler, List<String> include,
			List<String> exclude) {
		this(profiler, null, include, exclude);
	}

	/**
	 * Create a post-processor whose DataSources are also observed.
	 * @param profiler the profiler, resolved on the first DataSource
	 * @param observations the observations, resolved on each DataSource; {@code null} or unavailable for none
	 * @param include bean name patterns to wrap ({@code *} wildcards); empty for all
	 * @param exclude bean name patterns never to wrap
	 */
	public ProfilingDataSourceBeanPostProcessor(ObjectProvider<QueryProfiler> profiler,
			@Nullable ObjectProvider<JdbcObservations> observations, List<String> include, List<String> exclude) {
		this.profiler = profiler;
		this.observations = observations;
		this.include = List.copyOf(include);
		this.exclude = List.copyOf(exclude);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !(bean instanceof ProfilingDataSource) && matches(beanName)) {
			return new ProfilingDataSource(dataSource, beanName, this.profiler.getObject(),
					(this.observations != null) ? this.observations.getIfAvailable() : null);
		}
		return bean;
	}

	private boolean matches(String beanName) {
		if (!this.include.isEmpty() && !PatternMatchUtils.simpleMatch(this.include.toArray(String[]::new), beanName)) {
			return false;
		}
		return !PatternMatchUtils.simpleMatch(this.exclude.toArray(String[]::new), beanName);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
