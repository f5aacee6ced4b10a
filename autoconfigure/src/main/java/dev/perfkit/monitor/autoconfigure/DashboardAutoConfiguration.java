package dev.perfkit.monitor.autoconfigure;

import dev.perfkit.monitor.dashboard.DashboardRoutes;
import dev.perfkit.monitor.dashboard.DashboardRuntimeHints;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnResource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the embedded live dashboard, served when
 * {@code perfkit.dashboard.enabled} is set in a servlet web application with the Chart.js WebJar.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnResource(resources = "classpath:META-INF/maven/org.webjars/chartjs/pom.properties")
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.dashboard.enabled")
@EnableConfigurationProperties(DashboardProperties.class)
@ImportRuntimeHints(DashboardRuntimeHints.class)
public final class DashboardAutoConfiguration {

	DashboardAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	DashboardRoutes perfkitDashboardRoutes(DashboardProperties properties, Environment environment) {
		String actuator = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		return new DashboardRoutes(properties.getPath(), actuator, properties.getRefreshInterval());
	}

	// by name: a bare condition would back off for any router function the application defines
	@Bean
	@ConditionalOnMissingBean(name = "perfkitDashboardRouterFunction")
	RouterFunction<ServerResponse> perfkitDashboardRouterFunction(DashboardRoutes routes) {
		return routes.routes();
	}

}
