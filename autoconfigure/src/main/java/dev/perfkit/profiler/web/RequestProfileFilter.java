package dev.perfkit.profiler.web;

import java.io.IOException;

import dev.perfkit.profiler.request.RequestProfile;
import dev.perfkit.profiler.request.RequestProfiles;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Opens a {@link RequestProfile} for each HTTP request, named at its end by its method and route pattern
 * ({@code GET /api/orders/{id}}, as {@code http.server.requests} tags its {@code uri}), never by its raw URL. Runs
 * early (just inside Spring's observation filter, so that a kept request can read its trace id) so that the wall
 * time covers the other filters. An asynchronous request is profiled up to the moment its thread hands it off. The
 * profile is closed in every case, so that nothing of it stays on the thread; its failures never reach the request.
 *
 * @since 0.1.0
 */
public class RequestProfileFilter extends OncePerRequestFilter implements Ordered {

	/** Order of the filter: after Spring's {@code ServerHttpObservationFilter}, before every Perfkit filter. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	private final RequestProfiles profiles;

	/**
	 * Create a filter.
	 * @param profiles the request profiles
	 */
	public RequestProfileFilter(RequestProfiles profiles) {
		this.profiles = profiles;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestProfile profile = this.profiles.scope("");
		try {
			chain.doFilter(request, response);
		}
		finally {
			end(profile, request);
		}
	}

	private void end(RequestProfile profile, HttpServletRequest request) {
		try {
			profile.setName(NPlusOneFilter.endpoint(request));
		}
		catch (RuntimeException ex) {
			// a profile is never worth an error of the request: it keeps its empty name
			this.profiles.failed(ex);
		}
		profile.close();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
