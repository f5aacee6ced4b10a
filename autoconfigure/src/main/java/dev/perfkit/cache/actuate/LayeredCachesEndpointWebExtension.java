package dev.perfkit.cache.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

import dev.perfkit.actuate.EndpointProblem;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} for the {@link LayeredCachesEndpoint}: an unknown cache is a 404
 * and a malformed {@code tag} or {@code key} (blank, too long, control characters, or both given) a 400, each with a
 * problem body.
 *
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = LayeredCachesEndpoint.class)
public class LayeredCachesEndpointWebExtension {

	private final LayeredCachesEndpoint delegate;

	/**
	 * Creates the extension.
	 * @param delegate the endpoint
	 */
	public LayeredCachesEndpointWebExtension(LayeredCachesEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * One cache.
	 * @param cache the cache name
	 * @return the cache, or 404
	 */
	@ReadOperation
	public WebEndpointResponse<Object> cache(@Selector String cache) {
		LayeredCachesEndpoint.CacheDescriptor descriptor = this.delegate.cache(cache);
		return (descriptor != null) ? new WebEndpointResponse<>(descriptor) : unknown(cache);
	}

	/**
	 * Invalidates a cache, one key of it, or every entry carrying a tag, with input checked.
	 * @param cache the cache name
	 * @param tag the tag to invalidate
	 * @param key the key to evict
	 * @return what was invalidated, 400 or 404
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> invalidate(@Selector String cache, @Nullable String tag, @Nullable String key) {
		if (tag != null && key != null) {
			return EndpointProblem.badRequest("give either tag or key, not both");
		}
		String malformed = (tag != null) ? EndpointProblem.malformed("tag", tag)
				: (key != null) ? EndpointProblem.malformed("key", key) : null;
		if (malformed != null) {
			return EndpointProblem.badRequest(malformed);
		}
		LayeredCachesEndpoint.InvalidationDescriptor invalidation = this.delegate.invalidate(cache, tag, key);
		return (invalidation != null) ? new WebEndpointResponse<>(invalidation) : unknown(cache);
	}

	private static WebEndpointResponse<Object> unknown(String cache) {
		return EndpointProblem.notFound("no cache named " + EndpointProblem.quote(cache));
	}

}
