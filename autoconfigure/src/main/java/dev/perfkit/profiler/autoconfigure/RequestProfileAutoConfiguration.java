package dev.perfkit.profiler.autoconfigure;

import dev.perfkit.profiler.TraceIdSource;
import dev.perfkit.profiler.request.RequestProfiles;
import dev.perfkit.profiler.web.RequestProfileFilter;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for request profiles: where each request's time goes, per
 * route, with the slowest requests kept. Runs before the SQL profiler so that the profiler is created with the
 * profiles as one of its observers.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = ProfilerAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.profiler.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.profiler.requests.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RequestProfileProperties.class)
public final class RequestProfileAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RequestProfiles requestProfiles(RequestProfileProperties properties, ObjectProvider<TraceIdSource> traceIds) {
		RequestProfiles profiles = new RequestProfiles(properties.toSettings());
		// the same source as slow statements and N+1 incidents: Micrometer Tracing's tracer when there is one
		profiles.setTraceIds(() -> {
			TraceIdSource source = traceIds.getIfAvailable();
			return (source != null) ? source.currentTraceId() : null;
		});
		return profiles;
	}

	/** The filter that profiles each HTTP request, in servlet applications. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ Filter.class, DispatcherServlet.class })
	static class WebConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RequestProfileFilter requestProfileFilter(RequestProfiles profiles) {
			return new RequestProfileFilter(profiles);
		}

	}

}
