package dev.perfkit.sample;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Micrometer's {@code @Timed} works in the sample with nothing but the starter: {@code CompletionService} is timed.
 */
class MetricsAnnotationsTests extends SampleApplicationTestSupport {

	@Test
	void timedMethodIsMeasured() {
		assertThat(get("/api/completions?prompt=timed-annotation-test").status()).isEqualTo(200);
		Response response = get("/actuator/metrics/sample.completions");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("measurements").get(0).path("statistic").asString()).isEqualTo("COUNT");
		assertThat(response.json().path("measurements").get(0).path("value").asDouble()).isGreaterThanOrEqualTo(1.0);
		assertThat(get("/actuator/prometheus").body()).contains("sample_completions_seconds_count");
	}

}
