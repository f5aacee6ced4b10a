package dev.perfkit.benchmarks;

/**
 * Spring Boot's tracing auto-configurations, left out of every benchmark's application but the JDBC benchmark's
 * traced variant. The Brave bridge is on the benchmarks' class path for that variant only; without these exclusions
 * Boot would give every other application a tracer (Brave's, or a no-op one), and Perfkit's observations, unset, are
 * on wherever a tracer is a bean.
 */
public final class NoTracing {

	/** The property that leaves the tracing auto-configurations out, as {@code name=value}. */
	public static final String EXCLUDE = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration,"
			+ "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration,"
			+ "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration";

	private NoTracing() {
	}

}
