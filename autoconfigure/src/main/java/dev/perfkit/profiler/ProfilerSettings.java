package dev.perfkit.profiler;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Settings of a {@link QueryProfiler}.
 *
 * @param slowQueryThreshold duration at or above which a statement is slow
 * @param maxHistory number of recent statements and of slow statements kept
 * @param maxFingerprints number of distinct normalised statements aggregated before the least used are evicted
 * @param captureStackTrace when application stack frames are captured
 * @param captureParameters when parameter values are captured
 * @param sensitiveParameters parameter or column names (matched case-insensitively, as substrings) whose values are
 * masked
 * @param nPlusOneEnabled whether repeated executions of one SELECT within a request or transaction are detected
 * @param nPlusOneThreshold executions of one SELECT fingerprint within one request or transaction that make an N+1
 * @param applicationPackages packages of the application's own code, whose frames are a statement's callers; empty
 * to take every frame that is not JDK, framework, pool, driver or Perfkit code
 * @since 0.1.0
 */
public record ProfilerSettings(Duration slowQueryThreshold, int maxHistory, int maxFingerprints,
		CaptureMode captureStackTrace, CaptureMode captureParameters, List<String> sensitiveParameters,
		boolean nPlusOneEnabled, int nPlusOneThreshold, List<String> applicationPackages) {

	/**
	 * Settings without application packages: every frame that is not JDK, framework, pool, driver or Perfkit code is
	 * the application's.
	 * @param slowQueryThreshold duration at or above which a statement is slow
	 * @param maxHistory number of recent statements and of slow statements kept
	 * @param maxFingerprints number of distinct normalised statements aggregated
	 * @param captureStackTrace when application stack frames are captured
	 * @param captureParameters when parameter values are captured
	 * @param sensitiveParameters parameter or column names whose values are masked
	 * @param nPlusOneEnabled whether N+1 patterns are detected
	 * @param nPlusOneThreshold executions of one SELECT fingerprint that make an N+1
	 */
	public ProfilerSettings(Duration slowQueryThreshold, int maxHistory, int maxFingerprints,
			CaptureMode captureStackTrace, CaptureMode captureParameters, List<String> sensitiveParameters,
			boolean nPlusOneEnabled, int nPlusOneThreshold) {
		this(slowQueryThreshold, maxHistory, maxFingerprints, captureStackTrace, captureParameters,
				sensitiveParameters, nPlusOneEnabled, nPlusOneThreshold, List.of());
	}

	/** Default names of parameters and columns whose values are masked. */
	public static final List<String> DEFAULT_SENSITIVE_PARAMETERS = List.of("password", "passwd", "pwd", "secret",
			"token", "api_key", "apikey", "credential", "card_number", "cvv", "ssn");

	/**
	 * Settings with every default: 500 ms threshold, 1,000 statements of history, 5,000 fingerprints, stacks and
	 * parameters of slow statements, N+1 at 5 executions.
	 * @return the default settings
	 */
	public static ProfilerSettings defaults() {
		return new ProfilerSettings(Duration.ofMillis(500), 1000, 5000, CaptureMode.SLOW, CaptureMode.SLOW,
				DEFAULT_SENSITIVE_PARAMETERS, true, 5);
	}

	/**
	 * Copy of these settings with another slow-query threshold.
	 * @param threshold the new threshold
	 * @return new settings
	 */
	public ProfilerSettings withSlowQueryThreshold(Duration threshold) {
		return new ProfilerSettings(threshold, this.maxHistory, this.maxFingerprints, this.captureStackTrace,
				this.captureParameters, this.sensitiveParameters, this.nPlusOneEnabled, this.nPlusOneThreshold,
				this.applicationPackages);
	}

	/**
	 * Copy of these settings with the application's own packages.
	 * @param packages the packages whose frames are a statement's callers
	 * @return new settings
	 */
	public ProfilerSettings withApplicationPackages(List<String> packages) {
		return new ProfilerSettings(this.slowQueryThreshold, this.maxHistory, this.maxFingerprints,
				this.captureStackTrace, this.captureParameters, this.sensitiveParameters, this.nPlusOneEnabled,
				this.nPlusOneThreshold, List.copyOf(packages));
	}

	boolean isSensitive(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		for (String sensitive : this.sensitiveParameters) {
			if (!sensitive.isEmpty() && lower.contains(sensitive.toLowerCase(Locale.ROOT))) {
				return true;
			}
		}
		return false;
	}

}
