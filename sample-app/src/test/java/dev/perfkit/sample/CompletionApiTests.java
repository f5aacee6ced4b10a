package dev.perfkit.sample;

import dev.perfkit.sample.completion.Completion;
import dev.perfkit.sample.completion.CompletionService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@code /api/completions}.
 */
class CompletionApiTests extends SampleApplicationTestSupport {

	@Autowired
	private CacheManager cacheManager;

	@Test
	void completionIsDeterministic() {
		Response first = get("/api/completions?prompt=explain%20caching");
		Response second = get("/api/completions?prompt=explain%20caching");
		assertThat(first.status()).isEqualTo(200);
		assertThat(second.body()).isEqualTo(first.body());
		// A service outside the application context, hence without a cache, computes the same answer.
		Completion direct = new CompletionService().complete("explain caching");
		JsonNode json = first.json();
		assertThat(json.path("prompt").asString()).isEqualTo("explain caching");
		assertThat(json.path("model").asString()).isEqualTo(CompletionService.MODEL);
		assertThat(json.path("text").asString()).isEqualTo(direct.text());
		assertThat(json.path("tokens").asInt()).isEqualTo(direct.tokens());
		assertThat(json.path("latencyMs").asLong()).isEqualTo(direct.latencyMs()).isBetween(200L, 500L);
	}

	@Test
	void differentPromptsGiveDifferentCompletions() {
		String first = get("/api/completions?prompt=first").json().path("text").asString();
		String second = get("/api/completions?prompt=second").json().path("text").asString();
		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void completionIsCached() {
		assertThat(get("/api/completions?prompt=cache%20me").status()).isEqualTo(200);
		Cache completions = this.cacheManager.getCache("completions");
		assertThat(completions).isNotNull();
		assertThat(completions.get("cache me")).isNotNull();
	}

	@Test
	void blankPromptGivesBadRequestProblem() {
		Response response = get("/api/completions?prompt=%20");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.json().path("detail").asString()).startsWith("prompt: ");
	}

}
