package dev.perfkit.resilience.web;

import java.security.Principal;
import java.time.Duration;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.perfkit.resilience.ratelimit.ClientKeys;
import dev.perfkit.resilience.ratelimit.LocalClientRateLimiter;
import dev.perfkit.resilience.ratelimit.RateLimitPlans;
import dev.perfkit.resilience.ratelimit.RateLimitWindow;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of client-key handling: whatever a client sends, the filter answers 200 or 429, a header counts only when
 * trusted, and the key that reaches Redis is 32 hexadecimal characters. Regression inputs:
 * {@code ClientKeyFuzzTestsInputs}.
 */
class ClientKeyFuzzTests {

	@FuzzTest(maxDuration = "10m")
	void anyClientIdReachesRedisAsAFixedLengthDigest(FuzzedDataProvider data) {
		String clientId = data.consumeRemainingAsString();
		assertThat(ClientKeys.hashed(clientId)).matches("[0-9a-f]{32}");
	}

	@FuzzTest(maxDuration = "10m")
	void anyRequestIsLimitedByItsPrincipalOrAddressUnlessAHeaderIsTrusted(FuzzedDataProvider data) throws Exception {
		boolean trusted = data.consumeBoolean();
		String header = data.consumeString(300);
		String principal = data.consumeBoolean() ? data.consumeString(300) : null;
		String address = data.consumeRemainingAsString();
		ClientKeyResolver resolver = trusted
				? ClientKeyResolver.trustedHeader("X-Client-Id", ClientKeyResolver.principalOrRemoteAddress())
				: ClientKeyResolver.principalOrRemoteAddress();
		LocalClientRateLimiter limiter = new LocalClientRateLimiter(
				RateLimitPlans.of(new RateLimitWindow(1, Duration.ofMinutes(1))), false, 10);
		RateLimitFilter filter = new RateLimitFilter(limiter, List.of("/**"), List.of(), resolver);
		int first = call(filter, address, header, principal);
		assertThat(first).isEqualTo(200);
		// the same client with another header: refused, unless the header is trusted and differs in substance
		String other = header + "-rotated";
		int second = call(filter, address, other, principal);
		if (!trusted) {
			assertThat(second).isEqualTo(429);
		}
		else {
			assertThat(second).isIn(200, 429);
		}
	}

	private static int call(RateLimitFilter filter, String address, String header, String principal)
			throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api");
		request.setRemoteAddr(address);
		request.addHeader("X-Client-Id", header);
		if (principal != null) {
			request.setUserPrincipal((Principal) () -> principal);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response.getStatus();
	}

}
