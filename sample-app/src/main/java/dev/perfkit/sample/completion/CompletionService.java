package dev.perfkit.sample.completion;

import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;

import io.micrometer.core.annotation.Timed;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * A slow completion service standing for an expensive external call, such as a large language model. Each answer
 * takes 200 to 500 ms and is the same for the same prompt, which makes it a good candidate for the
 * {@code completions} cache.
 *
 * @since 0.1.0
 */
@Service
public class CompletionService {

	/** The name of the simulated model. */
	public static final String MODEL = "perfkit-sample-llm";

	private static final long MIN_LATENCY_MS = 200;

	private static final long LATENCY_SPREAD_MS = 301;

	private static final String[] WORDS = { "cache", "latency", "throughput", "query", "index", "replica", "shard",
			"request", "response", "budget", "pool", "thread", "queue", "breaker", "retry", "timeout", "window",
			"profile", "metric", "alert", "warm", "cold", "hit", "miss", "layer", "key", "value", "ttl", "tag",
			"fast", "slow", "steady", "bursty", "the", "a", "every", "each", "keeps", "serves", "measures", "reduces",
			"protects", "tracks", "and", "with", "under", "load" };

	/**
	 * Completes the prompt. Takes 200 to 500 ms, derived from the prompt, and returns the same completion for the
	 * same prompt.
	 * @param prompt the prompt
	 * @return the completion
	 */
	@Cacheable("completions")
	@Timed(value = "sample.completions", description = "Completions computed, that is cache misses")
	public Completion complete(String prompt) {
		int hash = prompt.hashCode();
		long latency = MIN_LATENCY_MS + Math.floorMod(hash, LATENCY_SPREAD_MS);
		simulateLatency(Duration.ofMillis(latency));
		SplittableRandom random = new SplittableRandom(hash);
		int tokens = 12 + random.nextInt(13);
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < tokens; i++) {
			String word = WORDS[random.nextInt(WORDS.length)];
			if (i == 0) {
				text.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
			}
			else {
				text.append(' ').append(word);
			}
		}
		text.append('.');
		return new Completion(prompt, MODEL, text.toString(), tokens, latency);
	}

	private static void simulateLatency(Duration latency) {
		try {
			// The wait is the point: it stands for the time an external model takes to answer.
			Thread.sleep(latency.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the completion", ex);
		}
	}

}
