package dev.perfkit.profiler;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One SELECT fingerprint executed at least the N+1 threshold times within one HTTP request or transaction.
 *
 * @param scope the request ({@code GET /api/orders}) or {@code transaction}
 * @param fingerprint normalised SQL text of the repeated statement
 * @param tables tables it reads
 * @param executions executions within the scope when it ended (or when detected, if it has not ended)
 * @param detectedAt when the threshold was reached
 * @param stackTrace application stack frames at the execution that reached the threshold
 * @param traceId the trace it was detected in, when a tracer is present
 * @since 0.1.0
 */
public record NPlusOneIncident(String scope, String fingerprint, List<String> tables, int executions,
		Instant detectedAt, List<String> stackTrace, @Nullable String traceId) {

	/**
	 * An incident outside a trace.
	 * @param scope the request or {@code transaction}
	 * @param fingerprint normalised SQL text of the repeated statement
	 * @param tables tables it reads
	 * @param executions executions within the scope
	 * @param detectedAt when the threshold was reached
	 * @param stackTrace application stack frames at the execution that reached the threshold
	 */
	public NPlusOneIncident(String scope, String fingerprint, List<String> tables, int executions,
			Instant detectedAt, List<String> stackTrace) {
		this(scope, fingerprint, tables, executions, detectedAt, stackTrace, null);
	}

}
