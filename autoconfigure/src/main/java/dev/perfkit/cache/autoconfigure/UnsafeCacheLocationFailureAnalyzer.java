package dev.perfkit.cache.autoconfigure;

import dev.perfkit.cache.sqlite.UnsafeCacheLocationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up refused because the folder of the SQLite cache file is not private to the application's user.
 *
 * @since 0.1.0
 */
public final class UnsafeCacheLocationFailureAnalyzer extends AbstractFailureAnalyzer<UnsafeCacheLocationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsafeCacheLocationException cause) {
		return new FailureAnalysis("The layered cache's SQLite file would live in a folder other local users can use: "
				+ cause.getMessage() + ". They could plant entries in the cache or read them.",
				"Set 'perfkit.cache.sqlite.path' to a file in a folder owned by the application's user and writable by "
						+ "it alone (for example run 'chmod 700 " + cause.getFolder() + "' if it is yours), or "
						+ "remove the setting to use the default private folder; or set "
						+ "'perfkit.cache.sqlite.enabled=false'.",
				cause);
	}

}
