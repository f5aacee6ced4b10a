package dev.perfkit.profiler.web;

import java.io.IOException;

import dev.perfkit.profiler.QueryProfiler;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Opens an N+1 detection scope for each HTTP request, named by its method and route pattern
 * ({@code GET /api/orders/{id}}) so that incidents group by endpoint, never by raw URL.
 *
 * @since 0.1.0
 */
public class NPlusOneFilter extends OncePerRequestFilter implements Ordered {

	private final QueryProfiler profiler;

	/**
	 * Create a filter.
	 * @param profiler the profiler
	 */
	public NPlusOneFilter(QueryProfiler profiler) {
		this.profiler = profiler;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.profiler.isEnabled()) {
			chain.doFilter(request, response);
			return;
		}
		try (QueryProfiler.Scope scope = this.profiler.openScope(() -> endpoint(request))) {
			chain.doFilter(request, response);
		}
	}

	static String endpoint(HttpServletRequest request) {
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		return request.getMethod() + " " + ((pattern != null) ? pattern : "(unmapped)");
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

}
