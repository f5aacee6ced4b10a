package dev.perfkit.autoconfigure;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Decides which registry a capability's observations go to. A {@code perfkit.*.observations.enabled} property the
 * application set wins; unset, observations are on only when Micrometer Tracing's {@code Tracer} is a bean. Without a
 * tracer an observation only feeds Boot's meter handler, which makes timers that repeat Perfkit's own meters at a cost
 * on every statement, load and guarded call (BENCHMARKS.md: about 2.9 KB per JDBC statement).
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
		return beans.getBeanNamesForType(ClassUtils.resolveClassName(TRACER, classLoader), true, false).length > 0;
	}

}
