package dev.perfkit.profiler;

import org.jspecify.annotations.Nullable;

/**
 * Tells the trace the current thread is in, so that slow statements and N+1 incidents can be found in the tracing
 * system; asked only for those, never on the path of an ordinary statement.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TraceIdSource {

	/**
	 * The current trace.
	 * @return the trace id, or {@code null} outside a trace
	 */
	@Nullable String currentTraceId();

}
