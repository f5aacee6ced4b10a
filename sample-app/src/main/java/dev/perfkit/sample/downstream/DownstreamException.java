package dev.perfkit.sample.downstream;

/**
 * Thrown when a call to the downstream service fails.
 *
 * @since 0.1.0
 */
public class DownstreamException extends RuntimeException {

	/**
	 * Creates an exception with the given message.
	 * @param message the message
	 */
	public DownstreamException(String message) {
		super(message);
	}

}
