package dev.perfkit.profiler.actuate;

import java.time.Duration;
import java.util.List;

import dev.perfkit.actuate.EndpointProblem;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.request.KeptRequest;
import dev.perfkit.profiler.request.RequestProfile;
import dev.perfkit.profiler.request.RequestProfileSettings;
import dev.perfkit.profiler.request.RequestProfiles;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code requests} routes of the profiler endpoint, built directly, and their answers to bad input.
 */
class ProfilerEndpointRequestsTests {

	private final QueryProfiler profiler = new QueryProfiler();

	private final RequestProfiles requests = new RequestProfiles(
			RequestProfileSettings.defaults().withSlowThreshold(Duration.ZERO));

	private final ProfilerEndpoint endpoint = new ProfilerEndpoint(this.profiler, this.requests);

	private final ProfilerEndpointWebExtension extension = new ProfilerEndpointWebExtension(this.endpoint);

	@Test
	void requestsListRoutesAndKeptRequests() {
		long id;
		try (RequestProfile profile = this.requests.scope("GET /api/things/{id}")) {
			id = profile.getId();
		}
		var body = (ProfilerEndpoint.RequestsDescriptor) this.endpoint.part("requests", null, null, 10, null);
		assertThat(body.requests()).isEqualTo(1);
		assertThat(body.slowThresholdMs()).isZero();
		assertThat(body.routes()).singleElement().satisfies((route) -> {
			assertThat(route.route()).isEqualTo("GET /api/things/{id}");
			assertThat(route.parts()).containsOnlyKeys("wall", "sql", "loads", "guarded", "other");
		});
		assertThat(body.kept()).singleElement().satisfies((kept) -> assertThat(kept.id()).isEqualTo(id));
		assertThat(this.endpoint.query("requests", id)).isInstanceOf(KeptRequest.class);
		assertThat(this.endpoint.query("requests", id + 1)).isNull();
	}

	@Test
	void failuresOfTheProfilesAreListedWithTheRoutes() {
		var body = (ProfilerEndpoint.RequestsDescriptor) this.endpoint.part("requests", null, null, 10, null);
		assertThat(body.failures()).isZero();
		this.requests.failed(new IllegalStateException("a hook failed"));
		body = (ProfilerEndpoint.RequestsDescriptor) this.endpoint.part("requests", null, null, 10, null);
		assertThat(body.failures()).isEqualTo(1);
	}

	@Test
	void resetForgetsRequestProfilesToo() {
		this.requests.scope("job").close();
		this.endpoint.reset();
		assertThat(this.requests.getRequests()).isZero();
		assertThat(this.requests.kept()).isEmpty();
	}

	@Test
	void withoutRequestProfilesTheRoutesAreNotFound() {
		ProfilerEndpoint without = new ProfilerEndpoint(this.profiler);
		assertThat(without.part("requests", null, null, 10, null)).isNull();
		assertThat(new ProfilerEndpointWebExtension(without).part("requests", null, null, null, null).getStatus())
			.isEqualTo(404);
	}

	@Test
	void badOrUnknownIdsAreProblems() {
		WebEndpointResponse<Object> bad = this.extension.query("requests", "abc");
		assertThat(bad.getStatus()).isEqualTo(400);
		assertThat(((EndpointProblem) bad.getBody()).detail()).startsWith("request id must be a number");
		WebEndpointResponse<Object> unknown = this.extension.query("requests", "12345");
		assertThat(unknown.getStatus()).isEqualTo(404);
		assertThat(((EndpointProblem) unknown.getBody()).detail()).contains("no kept request '12345'");
		assertThat(this.extension.part("requests", null, null, "-1", null).getStatus()).isEqualTo(400);
		assertThat(List.of(this.extension.part("requests", null, null, "5", null).getStatus())).containsExactly(200);
	}

}
