package dev.perfkit.resilience.web;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Strategy that tells which client a request comes from, for per-client rate limits. Declare a bean of this type to
 * replace the default, {@link #principalOrRemoteAddress()}: the authenticated principal's name, else the remote
 * address (as rewritten by Spring's forwarded-header handling when the application enables it with
 * {@code server.forward-headers-strategy}). A request header is trusted only when the application names it in
 * {@code perfkit.resilience.rate-limit.web.client-id-header}: a client chooses its headers, so by default rotating or
 * forging one gains nothing.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ClientKeyResolver {

	/**
	 * Returns the key of the client that sent a request.
	 * @param request the request
	 * @return the client key, or {@code null} (or blank) for an anonymous client
	 */
	@Nullable String resolve(HttpServletRequest request);

	/**
	 * Returns the default resolver: the authenticated principal's name, else the remote address.
	 * @return the resolver
	 */
	static ClientKeyResolver principalOrRemoteAddress() {
		return (request) -> {
			Principal principal = request.getUserPrincipal();
			String name = (principal != null) ? principal.getName() : null;
			return StringUtils.hasText(name) ? name : request.getRemoteAddr();
		};
	}

	/**
	 * Returns a resolver that trusts a request header and falls back to another resolver when the header is absent
	 * or blank. Use it only when something the application trusts (a gateway) sets the header and strips the
	 * client's own.
	 * @param header the name of the trusted header
	 * @param fallback the resolver used when the header is absent
	 * @return the resolver
	 */
	static ClientKeyResolver trustedHeader(String header, ClientKeyResolver fallback) {
		Assert.hasText(header, "header must not be empty");
		return (request) -> {
			String value = request.getHeader(header);
			return StringUtils.hasText(value) ? value : fallback.resolve(request);
		};
	}

}
