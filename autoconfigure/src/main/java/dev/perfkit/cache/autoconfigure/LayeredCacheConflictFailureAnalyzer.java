package dev.perfkit.cache.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link LayeredCacheConflictException}: which two settings disagree and how to settle it.
 *
 * @since 0.1.0
 */
public final class LayeredCacheConflictFailureAnalyzer extends AbstractFailureAnalyzer<LayeredCacheConflictException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, LayeredCacheConflictException cause) {
		return new FailureAnalysis(
				"Two cache choices conflict: Perfkit's layered cache is switched on explicitly "
						+ "(perfkit.cache.enabled=true), and the application chose its own cache ("
						+ cause.getChoice() + ").",
				"Keep one: remove perfkit.cache.enabled=true to keep your own cache (Perfkit's layered cache then "
						+ "steps aside), or remove " + cause.getChoice()
						+ " to let Perfkit's layered cache be the application's cache manager.",
				cause);
	}

}
