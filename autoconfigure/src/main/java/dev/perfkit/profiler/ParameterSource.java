package dev.perfkit.profiler;

import org.jspecify.annotations.Nullable;

/**
 * Parameter values of a statement being recorded, read only when the profiler decides to capture them.
 *
 * @since 0.1.0
 */
public interface ParameterSource {

	/**
	 * Number of positional parameters set.
	 * @return the count
	 */
	int parameterCount();

	/**
	 * Value of a positional parameter.
	 * @param index the 1-based index
	 * @return the value, possibly {@code null}
	 */
	@Nullable Object parameter(int index);

}
