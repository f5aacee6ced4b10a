package dev.perfkit.profiler.actuate;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import dev.perfkit.actuate.EndpointProblem;
import dev.perfkit.profiler.QueryProfiler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} for the {@link ProfilerEndpoint}: answers 400 for a bad
 * {@code threshold}, {@code sort}, {@code limit}, {@code lastN}, query id or toggle, and 404 for an unknown route or
 * query, each with an RFC 9457 problem body ({@link EndpointProblem}). Numbers are read here rather than by the
 * endpoint's parameter binding, so that any text gets a problem body instead of an error page.
 *
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = ProfilerEndpoint.class)
public class ProfilerEndpointWebExtension {

	private static final int MAX_LIMIT = 10_000;

	private static final int MAX_LAST_N = 1_000_000;

	private final ProfilerEndpoint delegate;

	/**
	 * Create an extension.
	 * @param delegate the endpoint
	 */
	public ProfilerEndpointWebExtension(ProfilerEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * One of the endpoint's collections, with input checked.
	 * @param part the collection
	 * @param lastN number of recent statements in the report
	 * @param threshold slow-query threshold
	 * @param limit maximum number of entries
	 * @param sort fingerprint sort key
	 * @return the collection, 400 or 404
	 */
	@ReadOperation
	public WebEndpointResponse<Object> part(@Selector String part, @Nullable String lastN, @Nullable String threshold,
			@Nullable String limit, @Nullable String sort) {
		Integer parsedLimit;
		Integer parsedLastN;
		try {
			parsedLimit = bounded("limit", limit, MAX_LIMIT);
			parsedLastN = bounded("lastN", lastN, MAX_LAST_N);
		}
		catch (IllegalArgumentException ex) {
			return EndpointProblem.badRequest(ex.getMessage());
		}
		if (sort != null && !QueryProfiler.isFingerprintSort(sort)) {
			return EndpointProblem.badRequest("sort must be one of total, mean, calls, max, p95, rows, errors");
		}
		if (threshold != null) {
			try {
				Duration parsed = ProfilerEndpoint.parseThreshold(threshold);
				if (parsed != null && parsed.isNegative()) {
					return EndpointProblem.badRequest("threshold must not be negative");
				}
			}
			catch (IllegalArgumentException | DateTimeParseException | ArithmeticException ex) {
				return EndpointProblem
					.badRequest("threshold must be a duration such as 100ms or 2s, or a number of milliseconds");
			}
		}
		OperationResponseBody body = this.delegate.part(part, parsedLastN, threshold, parsedLimit, sort);
		return (body != null) ? new WebEndpointResponse<>(body)
				: EndpointProblem.notFound("no collection named " + EndpointProblem.quote(part)
						+ "; use report, slow-queries, fingerprints, n-plus-one, queries/{id}, requests or "
						+ "requests/{id} (requests when request profiles are on)");
	}

	/**
	 * One statement from the history, or one kept request, with its id checked.
	 * @param part {@code queries} or {@code requests}
	 * @param id the statement or request id
	 * @return the statement or request, 400 or 404
	 */
	@ReadOperation
	public WebEndpointResponse<Object> query(@Selector String part, @Selector String id) {
		boolean request = part.equals("requests");
		String what = request ? "request" : "query";
		long parsed;
		try {
			if (!EndpointProblem.isWholeNumber(id)) {
				throw new NumberFormatException(id);
			}
			parsed = Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			return EndpointProblem.badRequest(what + " id must be a number, not " + EndpointProblem.quote(id));
		}
		Object found = this.delegate.query(part, parsed);
		if (found != null) {
			return new WebEndpointResponse<>(found);
		}
		return EndpointProblem.notFound(request ? "no kept request " + EndpointProblem.quote(id)
				+ " (only requests at or above the slow threshold are kept, the most recent ones)"
				: "no query " + EndpointProblem.quote(id) + " in the history");
	}

	/**
	 * Switch recording on or off, with the switch checked.
	 * @param enabled {@code true} or {@code false}
	 * @return the statistics after the switch, or 400
	 */
	@WriteOperation
	public WebEndpointResponse<Object> toggle(@Nullable String enabled) {
		if (!"true".equals(enabled) && !"false".equals(enabled)) {
			return EndpointProblem.badRequest("enabled must be true or false");
		}
		return new WebEndpointResponse<>(this.delegate.toggle(Boolean.parseBoolean(enabled)));
	}

	private static @Nullable Integer bounded(String name, @Nullable String value, int max) {
		if (value == null) {
			return null;
		}
		try {
			int parsed = EndpointProblem.isWholeNumber(value.trim()) ? Integer.parseInt(value.trim()) : -1;
			if (parsed >= 0 && parsed <= max) {
				return parsed;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(name + " must be a whole number between 0 and " + max);
	}

}
