package dev.perfkit.resilience;

/**
 * Base of the exceptions Perfkit throws when it refuses a call to protect the application or a service it calls:
 * callers can catch this one type to handle every kind of shedding. A refused call is never retried by a guard and
 * never counted as a circuit breaker failure.
 * <p>
 * These exceptions carry no stack trace: they are thrown on purpose, often under load, and the trace would only show
 * Perfkit's own frames.
 *
 * @since 0.1.0
 */
public abstract class PerfkitProtectionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message.
	 * @param message the detail message
	 */
	protected PerfkitProtectionException(String message) {
		super(message, null, false, false);
	}

}
