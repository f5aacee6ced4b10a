package dev.perfkit.profiler.web;

import java.time.Duration;

import dev.perfkit.profiler.request.RequestProfile;
import dev.perfkit.profiler.request.RequestProfileSettings;
import dev.perfkit.profiler.request.RequestProfiles;
import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request profile filter, built directly: every request profiled under its route and closed, whatever fails in
 * the profile.
 */
class RequestProfileFilterTests {

	private final RequestProfiles profiles = new RequestProfiles(
			RequestProfileSettings.defaults().withSlowThreshold(Duration.ZERO));

	private final RequestProfileFilter filter = new RequestProfileFilter(this.profiles);

	@Test
	void requestIsProfiledUnderItsRouteAndNothingStaysOnTheThread() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/things/42");
		RequestProfile[] seen = new RequestProfile[1];
		this.filter.doFilter(request, new MockHttpServletResponse(),
				new MockFilterChain(new OkServlet(), (req, res, chain) -> {
					seen[0] = RequestProfile.current();
					req.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/things/{id}");
				}));
		assertThat(seen[0]).isNotNull();
		assertThat(RequestProfile.current()).isNull();
		assertThat(this.profiles.route("GET /things/{id}")).isNotNull();
	}

	@Test
	void failuresOfTheProfileNeverReachTheRequest() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/things/42") {

			@Override
			public Object getAttribute(String name) {
				if (HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE.equals(name)) {
					throw new IllegalStateException("attribute unreadable");
				}
				return super.getAttribute(name);
			}

		};
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain(new OkServlet(),
				(req, res, chain) -> RequestProfile.cacheRead("items", 7, true)));
		assertThat(response.getStatus()).isEqualTo(HttpServletResponse.SC_OK);
		assertThat(RequestProfile.current()).isNull();
		// the recording and the naming
		assertThat(this.profiles.getFailures()).isEqualTo(2);
		assertThat(this.profiles.getRequests()).isEqualTo(1);
	}

	/** Answers 200 with nothing. */
	static class OkServlet extends GenericServlet {

		@Override
		public void service(ServletRequest request, ServletResponse response) {
		}

	}

}
