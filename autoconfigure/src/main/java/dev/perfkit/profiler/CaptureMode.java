package dev.perfkit.profiler;

/**
 * When the profiler captures an expensive detail of a statement, such as its stack trace or its parameters.
 *
 * @since 0.1.0
 */
public enum CaptureMode {

	/** Never capture it. */
	NEVER,

	/** Capture it for slow statements only. */
	SLOW,

	/** Capture it for every statement. */
	ALWAYS

}
