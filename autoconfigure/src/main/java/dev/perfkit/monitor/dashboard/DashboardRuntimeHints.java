package dev.perfkit.monitor.dashboard;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * {@link RuntimeHintsRegistrar} for the embedded dashboard: its page, script and style sheet, and the Chart.js WebJar
 * it serves (its {@code pom.properties} names the version), all read from the class path.
 *
 * @since 0.1.0
 */
public class DashboardRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources()
			.registerPattern("dev/perfkit/monitor/dashboard/*")
			.registerPattern(DashboardRoutes.CHARTJS_POM)
			.registerPattern("META-INF/resources/webjars/chartjs/**");
	}

}
