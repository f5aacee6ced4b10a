package dev.perfkit.profiler.autoconfigure;

import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.web.NPlusOneFilter;
import jakarta.servlet.Filter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for N+1 detection per HTTP request in servlet applications.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ProfilerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Filter.class, DispatcherServlet.class })
@ConditionalOnBean(QueryProfiler.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.profiler.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.profiler.n-plus-one.enabled", matchIfMissing = true)
public final class ProfilerWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	NPlusOneFilter nPlusOneFilter(QueryProfiler profiler) {
		return new NPlusOneFilter(profiler);
	}

}
