package dev.perfkit.resilience.actuate;

import dev.perfkit.actuate.EndpointProblem;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} for the {@link ThrottlingEndpoint}: a write with a malformed
 * {@code limit}, {@code window}, {@code rate} or an unknown plan is a 400 with an RFC 9457 problem body
 * ({@link EndpointProblem}).
 *
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = ThrottlingEndpoint.class)
public class ThrottlingEndpointWebExtension {

	private final ThrottlingEndpoint delegate;

	/**
	 * Creates the extension.
	 * @param delegate the endpoint
	 */
	public ThrottlingEndpointWebExtension(ThrottlingEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Changes a plan's limit and window, or the throttle's rate, with input checked.
	 * @param plan the name of the plan to change
	 * @param limit the plan's new limit, a whole number of at least 1
	 * @param window the plan's new window length
	 * @param rate the throttle's new rate, a positive number of calls per second
	 * @return the description after the change, or 400
	 */
	@WriteOperation
	public WebEndpointResponse<Object> update(@Nullable String plan, @Nullable String limit, @Nullable String window,
			@Nullable String rate) {
		String malformed = (plan != null) ? EndpointProblem.malformed("plan", plan)
				: (window != null) ? EndpointProblem.malformed("window", window) : null;
		if (malformed != null) {
			return EndpointProblem.badRequest(malformed);
		}
		Long parsedLimit = null;
		Double parsedRate = null;
		try {
			if (limit != null) {
				parsedLimit = Long.parseLong(wholeNumber(limit.trim()));
			}
		}
		catch (NumberFormatException ex) {
			return EndpointProblem.badRequest("limit must be a whole number of at least 1");
		}
		try {
			if (rate != null) {
				if (!EndpointProblem.isDecimalNumber(rate.trim())) {
					throw new NumberFormatException(rate);
				}
				parsedRate = Double.parseDouble(rate.trim());
			}
		}
		catch (NumberFormatException ex) {
			return EndpointProblem.badRequest("rate must be a positive decimal number of calls per second");
		}
		try {
			return new WebEndpointResponse<>(this.delegate.update(plan, parsedLimit, window, parsedRate));
		}
		catch (InvalidEndpointRequestException ex) {
			// an unknown plan is bad input too: the plan is named in the body, not in the URL
			return EndpointProblem.badRequest(ex.getMessage() + ": " + ex.getReason());
		}
	}

	private static String wholeNumber(String value) {
		if (!EndpointProblem.isWholeNumber(value)) {
			throw new NumberFormatException(value);
		}
		return value;
	}

}
