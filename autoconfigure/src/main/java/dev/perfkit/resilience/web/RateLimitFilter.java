package dev.perfkit.resilience.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.perfkit.resilience.PerfkitProtectionException;
import dev.perfkit.resilience.RateLimitExceededException;
import dev.perfkit.resilience.ThrottledException;
import dev.perfkit.resilience.ratelimit.ClientRateLimiter;
import dev.perfkit.resilience.ratelimit.RateLimitDecision;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Servlet filter that applies the per-client rate limit to requests whose path matches the include patterns (and
 * none of the exclude patterns), and turns Perfkit's and Resilience4j's refusals into proper HTTP answers:
 * <ul>
 * <li>over the limit: {@code 429 Too Many Requests} with {@code Retry-After}, {@code RateLimit-Limit},
 * {@code RateLimit-Remaining}, {@code RateLimit-Reset} and an RFC 9457 problem body; allowed requests carry the
 * {@code RateLimit-*} headers too;</li>
 * <li>a {@link CallNotPermittedException} (open circuit) or a full bulkhead raised while handling the request:
 * {@code 503 Service Unavailable} with a problem body, and for an open circuit a {@code Retry-After} of the breaker's
 * remaining open time (Tomcat closes the connection after a 503 whatever the application does); a throttled or rate-limited call inside the handler: 503 or
 * 429 as well, a throttled one with a {@code Retry-After} of one second (the throttle's permits are refreshed every
 * second).</li>
 * </ul>
 * The client is told by the {@link ClientKeyResolver}: by default the authenticated principal's name, else the remote
 * address; a header only when the application trusts one.
 *
 * @since 0.1.0
 */
public class RateLimitFilter extends OncePerRequestFilter {

	private static final int MAX_CLIENT_ID_LENGTH = 128;

	private final ClientRateLimiter rateLimiter;

	private final List<PathPattern> include;

	private final List<PathPattern> exclude;

	private final ClientKeyResolver clientKeyResolver;

	private volatile @Nullable OpenCircuitRetryAfter openCircuits;

	/**
	 * Creates the filter.
	 * @param rateLimiter the per-client limiter
	 * @param include path patterns to rate-limit
	 * @param exclude path patterns never to rate-limit
	 * @param clientKeyResolver tells which client a request comes from
	 */
	public RateLimitFilter(ClientRateLimiter rateLimiter, List<String> include, List<String> exclude,
			ClientKeyResolver clientKeyResolver) {
		this.rateLimiter = rateLimiter;
		this.include = include.stream().map(PathPatternParser.defaultInstance::parse).toList();
		this.exclude = exclude.stream().map(PathPatternParser.defaultInstance::parse).toList();
		this.clientKeyResolver = clientKeyResolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isLimited(request)) {
			RateLimitDecision decision = this.rateLimiter.check(clientId(request));
			response.setHeader("RateLimit-Limit", Long.toString(decision.limit()));
			response.setHeader("RateLimit-Remaining", Long.toString(decision.remaining()));
			response.setHeader("RateLimit-Reset", Long.toString(seconds(decision.resetMillis())));
			if (!decision.allowed()) {
				writeTooManyRequests(request, response, decision.toException());
				return;
			}
		}
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | RuntimeException ex) {
			Throwable refusal = refusal(ex);
			if (refusal == null || response.isCommitted()) {
				throw ex;
			}
			response.resetBuffer();
			if (refusal instanceof RateLimitExceededException exceeded) {
				writeTooManyRequests(request, response, exceeded);
			}
			else {
				Long retryAfter = retryAfter(refusal);
				if (retryAfter != null) {
					response.setHeader("Retry-After", Long.toString(retryAfter));
				}
				writeProblem(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable",
						refusal.getMessage(), retryAfter);
			}
		}
	}

	/**
	 * Sets where the {@code Retry-After} of a {@code 503} for an open circuit comes from: the breaker's remaining open
	 * time. Without it, such a 503 carries no {@code Retry-After}.
	 * @param openCircuits the open circuits' remaining times
	 */
	public void setOpenCircuitRetryAfter(@Nullable OpenCircuitRetryAfter openCircuits) {
		this.openCircuits = openCircuits;
	}

	private @Nullable Long retryAfter(Throwable refusal) {
		if (refusal instanceof ThrottledException) {
			// the throttle's permits are refreshed every second
			return 1L;
		}
		OpenCircuitRetryAfter openCircuits = this.openCircuits;
		if (openCircuits == null || !(refusal instanceof CallNotPermittedException notPermitted)) {
			return null;
		}
		return seconds(openCircuits.retryAfter(notPermitted.getCausingCircuitBreakerName()).toMillis());
	}

	private boolean isLimited(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		PathContainer container = PathContainer.parsePath(path);
		for (PathPattern pattern : this.exclude) {
			if (pattern.matches(container)) {
				return false;
			}
		}
		for (PathPattern pattern : this.include) {
			if (pattern.matches(container)) {
				return true;
			}
		}
		return false;
	}

	private String clientId(HttpServletRequest request) {
		String id = this.clientKeyResolver.resolve(request);
		if (id == null || id.isBlank()) {
			return ClientRateLimiter.ANONYMOUS;
		}
		return (id.length() > MAX_CLIENT_ID_LENGTH) ? id.substring(0, MAX_CLIENT_ID_LENGTH) : id;
	}

	private static @Nullable Throwable refusal(Throwable failure) {
		Throwable candidate = failure;
		for (int depth = 0; candidate != null && depth < 10; depth++) {
			if (candidate instanceof PerfkitProtectionException || candidate instanceof CallNotPermittedException
					|| candidate instanceof BulkheadFullException) {
				return candidate;
			}
			candidate = candidate.getCause();
		}
		return null;
	}

	private static void writeTooManyRequests(HttpServletRequest request, HttpServletResponse response,
			RateLimitExceededException ex) throws IOException {
		long retryAfter = seconds(ex.getRetryAfter().toMillis());
		response.setHeader("Retry-After", Long.toString(retryAfter));
		response.setHeader("RateLimit-Limit", Long.toString(ex.getLimit()));
		response.setHeader("RateLimit-Remaining", "0");
		response.setHeader("RateLimit-Reset", Long.toString(seconds(ex.getReset().toMillis())));
		writeProblem(request, response, 429, "Too Many Requests",
				"Rate limit of " + ex.getLimit() + " exceeded; retry after " + retryAfter + "s", retryAfter);
	}

	private static void writeProblem(HttpServletRequest request, HttpServletResponse response, int status,
			String title, @Nullable String detail, @Nullable Long retryAfter) throws IOException {
		response.setStatus(status);
		response.setContentType("application/problem+json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		StringBuilder json = new StringBuilder(256);
		json.append("{\"type\":\"about:blank\",\"title\":");
		quote(json, title);
		json.append(",\"status\":").append(status);
		if (detail != null) {
			json.append(",\"detail\":");
			quote(json, detail);
		}
		json.append(",\"instance\":");
		quote(json, request.getRequestURI());
		if (retryAfter != null) {
			json.append(",\"retryAfter\":").append(retryAfter);
		}
		json.append('}');
		response.getOutputStream().write(json.toString().getBytes(StandardCharsets.UTF_8));
	}

	private static void quote(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	// whole seconds, rounded up, as the headers require
	private static long seconds(long millis) {
		return Math.max(0, (millis + 999) / 1000);
	}

}
