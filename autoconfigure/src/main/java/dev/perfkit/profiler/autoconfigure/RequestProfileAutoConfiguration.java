package dev.perfkit.profiler.autoconfigure;

import java.lang.reflect.Method;

import dev.perfkit.profiler.request.RequestProfiles;
import dev.perfkit.profiler.web.RequestProfileFilter;
import jakarta.servlet.Filter;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
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
import org.springframework.util.ClassUtils;
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

	private static final String TRACER = "io.micrometer.tracing.Tracer";

	@Bean
	@ConditionalOnMissingBean
	RequestProfiles requestProfiles(RequestProfileProperties properties, BeanFactory beanFactory) {
		RequestProfiles profiles = new RequestProfiles(properties.toSettings());
		ClassLoader classLoader = RequestProfileAutoConfiguration.class.getClassLoader();
		if (ClassUtils.isPresent(TRACER, classLoader)) {
			ObjectProvider<?> tracer = beanFactory.getBeanProvider(ClassUtils.resolveClassName(TRACER, classLoader));
			profiles.setTraceIds(() -> traceId(tracer.getIfAvailable()));
		}
		return profiles;
	}

	/** {@code tracer.currentSpan().context().traceId()}, by reflection: Micrometer Tracing is optional. */
	static @Nullable String traceId(@Nullable Object tracer) {
		if (tracer == null) {
			return null;
		}
		try {
			Object span = method(tracer.getClass(), "currentSpan").invoke(tracer);
			if (span == null) {
				return null;
			}
			Object context = method(span.getClass(), "context").invoke(span);
			Object traceId = (context != null) ? method(context.getClass(), "traceId").invoke(context) : null;
			return (traceId != null) ? traceId.toString() : null;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	private static Method method(Class<?> type, String name) throws NoSuchMethodException {
		Method method = type.getMethod(name);
		method.trySetAccessible();
		return method;
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
