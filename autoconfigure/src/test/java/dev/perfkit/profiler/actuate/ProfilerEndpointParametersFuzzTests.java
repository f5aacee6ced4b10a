package dev.perfkit.profiler.actuate;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.perfkit.profiler.QueryProfiler;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of the profiler endpoint's parameter parsing: any query parameters answer 200, 400 or 404, never an
 * exception (a 500). Regression inputs: {@code ProfilerEndpointParametersFuzzTestsInputs}.
 */
class ProfilerEndpointParametersFuzzTests {

	private static final String[] PARTS = { "report", "slow-queries", "fingerprints", "n-plus-one", "queries",
			"unknown" };

	private static final ProfilerEndpointWebExtension EXTENSION = new ProfilerEndpointWebExtension(
			new ProfilerEndpoint(new QueryProfiler()));

	@FuzzTest(maxDuration = "10m")
	void anyParametersAnswerOkBadRequestOrNotFound(FuzzedDataProvider data) {
		String part = data.pickValue(PARTS);
		String lastN = data.consumeBoolean() ? data.consumeString(30) : null;
		String threshold = data.consumeBoolean() ? data.consumeString(30) : null;
		String limit = data.consumeBoolean() ? data.consumeString(30) : null;
		String sort = data.consumeBoolean() ? data.consumeString(30) : null;
		WebEndpointResponse<Object> response = EXTENSION.part(part, lastN, threshold, limit, sort);
		assertThat(response.getStatus()).isIn(200, 400, 404);
		String id = data.consumeRemainingAsString();
		assertThat(EXTENSION.query("queries", id).getStatus()).isIn(200, 400, 404);
	}

}
