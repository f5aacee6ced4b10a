package dev.perfkit.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Decides which registry a capability's observations go to. A {@code perfkit.*.observations.enabled} property the
 * application set wins; unset, observations are on only when Micrometer Tracing's {@code Tracer} is a bean other than
 * {@code Tracer.NOOP}. Without a tracer an observation only feeds Boot's meter handler, which makes timers that repeat
 * Perfkit's own meters at a cost on every statement, load and guarded call (BENCHMARKS.md: about 2.9 KB per JDBC
 * statement). {@code Tracer.NOOP} is what Spring Boot registers when micrometer-tracing is on the class path without a
 * bridge (Brave or OpenTelemetry): its spans record nothing, so it counts as no tracer. A bridge's tracer counts even
 * when nothing exports its spans ({@code management.tracing.export.enabled=false}) or none is sampled
 * ({@code management.tracing.sampling.probability=0}): its spans still carry the trace and span ids of log lines and
 * of Perfkit's slow-statement records, which is worth the observation.
 *
 * @since 0.1.0
 */
public final class ObservationDefaults {

	private static final String TRACER = "io.micrometer.tracing.Tracer";

	private ObservationDefaults() {
	}

	/**
	 * The registry the capability's observations should use.
	 * @param registry Boot's observation registry
	 * @param environment the environment holding the switch
	 * @param property the capability's switch, such as {@code perfkit.profiler.observations.enabled}
	 * @param beans the bean factory, asked for a tracer
	 * @return {@code registry}, or {@link ObservationRegistry#NOOP} when the capability is not observed
	 */
	public static ObservationRegistry registry(ObservationRegistry registry, Environment environment, String property,
			ListableBeanFactory beans) {
		Boolean enabled = environment.getProperty(property, Boolean.class);
		boolean observed = (enabled != null) ? enabled : hasTracer(beans);
		return observed ? registry : ObservationRegistry.NOOP;
	}

	private static boolean hasTracer(ListableBeanFactory beans) {
		ClassLoader classLoader = ObservationDefaults.class.getClassLoader();
		if (!ClassUtils.isPresent(TRACER, classLoader)) {
			return false;
		}
		return Tracers.hasRecordingTracer(beans);
	}

	/** Loaded only when Micrometer Tracing is on the class path. */
	private static final class Tracers {

		static boolean hasRecordingTracer(ListableBeanFactory beans) {
			for (String name : beans.getBeanNamesForType(Tracer.class, true, false)) {
				if (beans.getBean(name, Tracer.class) != Tracer.NOOP) {
					return true;
				}
			}
			return false;
		}

	}

}
