package dev.perfkit.cache.actuate;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.perfkit.actuate.EndpointProblem;
import dev.perfkit.cache.JacksonCacheValueSerializer;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;

import static org.assertj.core.api.Assertions.assertThat;

class LayeredCachesEndpointWebExtensionTests {

	private final LayeredCacheManager cacheManager = LayeredCacheManager
		.builder(new JacksonCacheValueSerializer(List.of(), getClass().getClassLoader()))
		.cacheNames(List.of("products"))
		.build();

	private final LayeredCachesEndpointWebExtension extension = new LayeredCachesEndpointWebExtension(
			new LayeredCachesEndpoint(this.cacheManager));

	@Test
	void unknownCacheIsNotFoundWithAProblemBody() {
		WebEndpointResponse<Object> response = this.extension.invalidate("nope", null, null);
		assertThat(response.getStatus()).isEqualTo(404);
		assertThat(response.getContentType()).isEqualTo(EndpointProblem.MEDIA_TYPE);
		assertThat(response.getBody()).isEqualTo(
				new EndpointProblem("about:blank", "Not Found", 404, "no cache named 'nope'"));
		assertThat(this.extension.cache("nope").getStatus()).isEqualTo(404);
	}

	@Test
	void malformedTagOrKeyIsABadRequestAndInvalidatesNothing() {
		LayeredCache cache = this.cacheManager.getLayeredCache("products");
		cache.put("k", "v");
		assertThat(this.extension.invalidate("products", "t", "k").getStatus()).isEqualTo(400);
		assertThat(this.extension.invalidate("products", " ", null).getStatus()).isEqualTo(400);
		assertThat(this.extension.invalidate("products", null, "a\u0000b").getStatus()).isEqualTo(400);
		assertThat(this.extension.invalidate("products", null, "k".repeat(4097)).getStatus()).isEqualTo(400);
		assertThat(cache.get("k")).isNotNull();
		assertThat(this.extension.invalidate("products", null, "k").getStatus()).isEqualTo(200);
		assertThat(cache.get("k")).isNull();
	}

	@Test
	void problemTextIsShortenedAndFreeOfControlCharacters() {
		assertThat(EndpointProblem.quote("a\nb")).isEqualTo("'a?b'");
		assertThat(EndpointProblem.quote("x".repeat(100))).hasSize(67);
		assertThat(EndpointProblem.malformed("key", "ok")).isNull();
	}

}
