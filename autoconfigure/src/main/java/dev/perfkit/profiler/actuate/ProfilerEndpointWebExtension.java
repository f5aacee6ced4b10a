package dev.perfkit.profiler.actuate;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import dev.perfkit.profiler.QueryProfiler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} for the {@link ProfilerEndpoint}: answers 400 for a bad
 * {@code threshold}, {@code sort}, {@code limit} or {@code lastN}, and 404 for an unknown route.
 *
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = ProfilerEndpoint.class)
public class ProfilerEndpointWebExtension {

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
	public WebEndpointResponse<Object> part(@Selector String part, @Nullable Integer lastN,
			@Nullable String threshold, @Nullable Integer limit, @Nullable String sort) {
		if ((limit != null && (limit < 0 || limit > 10_000)) || (lastN != null && (lastN < 0 || lastN > 1_000_000))) {
			return badRequest("limit must be between 0 and 10000 and lastN between 0 and 1000000");
		}
		if (sort != null && !QueryProfiler.isFingerprintSort(sort)) {
			return badRequest("sort must be one of total, mean, calls, max, p95, rows, errors");
		}
		if (threshold != null) {
			try {
				Duration parsed = ProfilerEndpoint.parseThreshold(threshold);
				if (parsed != null && parsed.isNegative()) {
					return badRequest("threshold must not be negative");
				}
			}
			catch (IllegalArgumentException | DateTimeParseException ex) {
				return badRequest("threshold must be a duration such as 100ms or 2s, or a number of milliseconds");
			}
		}
		OperationResponseBody body = this.delegate.part(part, lastN, threshold, limit, sort);
		return (body != null) ? new WebEndpointResponse<>(body) : new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

	private static WebEndpointResponse<Object> badRequest(String message) {
		return new WebEndpointResponse<>(new ErrorDescriptor(message), WebEndpointResponse.STATUS_BAD_REQUEST);
	}

	/**
	 * Why a request was rejected.
	 *
	 * @param error the reason
	 */
	public record ErrorDescriptor(String error) implements OperationResponseBody {

	}

}
