package dev.perfkit.resilience.web;

import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.List;

import dev.perfkit.resilience.autoconfigure.ResilienceAutoConfiguration;
import dev.perfkit.resilience.autoconfigure.ResilienceWebAutoConfiguration;
import dev.perfkit.resilience.ratelimit.LocalClientRateLimiter;
import dev.perfkit.resilience.ratelimit.RateLimitPlans;
import dev.perfkit.resilience.ratelimit.RateLimitWindow;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client identity for per-client limits: by default a header the client chooses counts for nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "perfkit.resilience.rate-limit.web.enabled=true", "perfkit.resilience.rate-limit.limit=3",
				"spring.autoconfigure.exclude=org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
class ClientIdentityWebTests {

	private final RestClient client = RestClient.create();

	@LocalServerPort
	private int port;

	@Test
	void aRotatedClientIdHeaderGainsNothingByDefault() {
		int refused = 0;
		for (int i = 0; i < 10; i++) {
			int status = this.client.get()
				.uri(URI.create("http://localhost:" + this.port + "/api/hello"))
				.header("X-Client-Id", "rotated-" + i)
				.exchangeForRequiredValue((request, response) -> response.getStatusCode().value());
			refused += (status == 429) ? 1 : 0;
		}
		assertThat(refused).isEqualTo(7);
	}

	@Test
	void aForgedClientIdHeaderDoesNotSpendTheVictimsQuota() throws Exception {
		RateLimitFilter filter = filter(ClientKeyResolver.principalOrRemoteAddress());
		assertThat(call(filter, "10.0.0.7", null, null).getHeader("RateLimit-Remaining")).isEqualTo("2");
		for (int i = 0; i < 10; i++) {
			call(filter, "10.0.0.9", "10.0.0.7", null);
		}
		assertThat(call(filter, "10.0.0.7", null, null).getHeader("RateLimit-Remaining")).isEqualTo("1");
	}

	@Test
	void theAuthenticatedPrincipalComesBeforeTheRemoteAddress() throws Exception {
		RateLimitFilter filter = filter(ClientKeyResolver.principalOrRemoteAddress());
		call(filter, "10.0.0.1", null, "alice");
		call(filter, "10.0.0.2", null, "alice");
		assertThat(call(filter, "10.0.0.3", null, "alice").getHeader("RateLimit-Remaining")).isEqualTo("0");
		assertThat(call(filter, "10.0.0.3", null, null).getHeader("RateLimit-Remaining")).isEqualTo("2");
	}

	@Test
	void aTrustedHeaderCountsOnlyWhenConfigured() throws Exception {
		RateLimitFilter filter = filter(
				ClientKeyResolver.trustedHeader("X-Client-Id", ClientKeyResolver.principalOrRemoteAddress()));
		call(filter, "10.0.0.1", "gateway-client", null);
		assertThat(call(filter, "10.0.0.2", "gateway-client", null).getHeader("RateLimit-Remaining")).isEqualTo("1");
		assertThat(call(filter, "10.0.0.2", " ", null).getHeader("RateLimit-Remaining")).isEqualTo("2");
	}

	@Test
	void aClientKeyResolverBeanOfTheApplicationReplacesTheDefault() {
		ClientKeyResolver own = (request) -> "tenant";
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CircuitBreakerAutoConfiguration.class,
					ResilienceAutoConfiguration.class, ResilienceWebAutoConfiguration.class))
			.withPropertyValues("perfkit.resilience.rate-limit.web.enabled=true")
			.withBean(ClientKeyResolver.class, () -> own)
			.run((context) -> assertThat(context).getBean(ClientKeyResolver.class).isSameAs(own));
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CircuitBreakerAutoConfiguration.class,
					ResilienceAutoConfiguration.class, ResilienceWebAutoConfiguration.class))
			.withPropertyValues("perfkit.resilience.rate-limit.web.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(ClientKeyResolver.class));
	}

	private static RateLimitFilter filter(ClientKeyResolver resolver) {
		LocalClientRateLimiter limiter = new LocalClientRateLimiter(
				RateLimitPlans.of(new RateLimitWindow(3, Duration.ofMinutes(1))), false, 100);
		return new RateLimitFilter(limiter, List.of("/**"), List.of(), resolver);
	}

	private static MockHttpServletResponse call(RateLimitFilter filter, String remoteAddress, String header,
			String principal) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/hello");
		request.setRemoteAddr(remoteAddress);
		if (header != null) {
			request.addHeader("X-Client-Id", header);
		}
		if (principal != null) {
			request.setUserPrincipal((Principal) () -> principal);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebApplication {

		@RestController
		static class Endpoints {

			@GetMapping("/api/hello")
			String hello() {
				return "hello";
			}

		}

	}

}
