package dev.perfkit.profiler.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.perfkit.autoconfigure.PropertyChecks;
import dev.perfkit.profiler.CaptureMode;
import dev.perfkit.profiler.ProfilerSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the SQL profiler.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("perfkit.profiler")
public class ProfilerProperties implements Validator {

	/** Whether to profile the statements of every DataSource bean. */
	private boolean enabled = true;

	/**
	 * Duration at or above which a statement is slow: logged, counted and kept with its stack; 0 makes every
	 * statement slow (like PostgreSQL's log_min_duration_statement = 0).
	 */
	private Duration slowQueryThreshold = Duration.ofMillis(500);

	/** Number of recent statements, and of slow statements, kept for the endpoint. */
	private int maxHistory = 1000;

	/** Number of distinct normalised statements aggregated before the least used are evicted. */
	private int maxFingerprints = 5000;

	/** When to capture the application stack frames of a statement. */
	private CaptureMode captureStackTrace = CaptureMode.SLOW;

	/** When to capture parameter values of a statement. */
	private CaptureMode captureParameters = CaptureMode.SLOW;

	/** Comma-separated list of parameter or column names (case-insensitive substrings) whose values are masked. */
	private List<String> sensitiveParameters = new ArrayList<>(ProfilerSettings.DEFAULT_SENSITIVE_PARAMETERS);

	/**
	 * Comma-separated list of packages of the application's own code, whose stack frames are a statement's callers,
	 * in addition to the packages of the application's {@code @SpringBootApplication} class.
	 */
	private List<String> applicationPackages = new ArrayList<>();

	private final DataSources dataSources = new DataSources();

	private final NPlusOne nPlusOne = new NPlusOne();

	private final Explain explain = new Explain();

	private final Health health = new Health();

	private final Observations observations = new Observations();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getSlowQueryThreshold() {
		return this.slowQueryThreshold;
	}

	public void setSlowQueryThreshold(Duration slowQueryThreshold) {
		this.slowQueryThreshold = slowQueryThreshold;
	}

	public int getMaxHistory() {
		return this.maxHistory;
	}

	public void setMaxHistory(int maxHistory) {
		this.maxHistory = maxHistory;
	}

	public int getMaxFingerprints() {
		return this.maxFingerprints;
	}

	public void setMaxFingerprints(int maxFingerprints) {
		this.maxFingerprints = maxFingerprints;
	}

	public CaptureMode getCaptureStackTrace() {
		return this.captureStackTrace;
	}

	public void setCaptureStackTrace(CaptureMode captureStackTrace) {
		this.captureStackTrace = captureStackTrace;
	}

	public CaptureMode getCaptureParameters() {
		return this.captureParameters;
	}

	public void setCaptureParameters(CaptureMode captureParameters) {
		this.captureParameters = captureParameters;
	}

	public List<String> getSensitiveParameters() {
		return this.sensitiveParameters;
	}

	public void setSensitiveParameters(List<String> sensitiveParameters) {
		this.sensitiveParameters = sensitiveParameters;
	}

	public List<String> getApplicationPackages() {
		return this.applicationPackages;
	}

	public void setApplicationPackages(List<String> applicationPackages) {
		this.applicationPackages = applicationPackages;
	}

	public DataSources getDataSources() {
		return this.dataSources;
	}

	public NPlusOne getNPlusOne() {
		return this.nPlusOne;
	}

	public Explain getExplain() {
		return this.explain;
	}

	public Observations getObservations() {
		return this.observations;
	}

	public Health getHealth() {
		return this.health;
	}

	@Override
	public boolean supports(Class<?> type) {
		return ProfilerProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		ProfilerProperties properties = (ProfilerProperties) target;
		PropertyChecks.requireRange(errors, "maxHistory", properties.maxHistory, 1, 1_000_000);
		PropertyChecks.requireRange(errors, "maxFingerprints", properties.maxFingerprints, 10, 1_000_000);
		PropertyChecks.requireAtLeast(errors, "nPlusOne.threshold", properties.nPlusOne.threshold, 2);
		PropertyChecks.requireDecimalRange(errors, "health.slowQueryPercentage", properties.health.slowQueryPercentage,
				0.0, 100.0);
		if (properties.slowQueryThreshold == null || properties.slowQueryThreshold.isNegative()) {
			errors.rejectValue("slowQueryThreshold", "negative",
					"must be 0 (every statement is slow) or a positive duration such as 500ms");
		}
		if (properties.explain.getThreshold() == null || properties.explain.getThreshold().isNegative()) {
			errors.rejectValue("explain.threshold", "negative", "must not be negative");
		}
		if (!positive(properties.explain.getInterval())) {
			errors.rejectValue("explain.interval", "positive", "must be a positive duration such as 1m");
		}
	}

	private static boolean positive(@Nullable Duration duration) {
		return duration != null && !duration.isNegative() && !duration.isZero();
	}

	ProfilerSettings toSettings() {
		return new ProfilerSettings(this.slowQueryThreshold, this.maxHistory, this.maxFingerprints,
				this.captureStackTrace, this.captureParameters, List.copyOf(this.sensitiveParameters),
				this.nPlusOne.isEnabled(), this.nPlusOne.getThreshold());
	}

	/** Which DataSource beans are profiled. */
	public static class DataSources {

		/** Comma-separated list of DataSource bean names (with * wildcards) to profile; empty for every one. */
		private List<String> include = new ArrayList<>();

		/** Comma-separated list of DataSource bean names (with * wildcards) never to profile. */
		private List<String> exclude = new ArrayList<>();

		public List<String> getInclude() {
			return this.include;
		}

		public void setInclude(List<String> include) {
			this.include = include;
		}

		public List<String> getExclude() {
			return this.exclude;
		}

		public void setExclude(List<String> exclude) {
			this.exclude = exclude;
		}

	}

	/** N+1 detection. */
	public static class NPlusOne {

		/** Whether to flag a SELECT repeated within one HTTP request or transaction. */
		private boolean enabled = true;

		/** Executions of one SELECT fingerprint within one request or transaction that make an N+1. */
		private int threshold = 5;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getThreshold() {
			return this.threshold;
		}

		public void setThreshold(int threshold) {
			this.threshold = threshold;
		}

	}

	/** Plans of slow statements. */
	public static class Explain {

		/** Whether to capture the plan of slow SELECT statements, off the caller's thread. */
		private boolean enabled = false;

		/** Duration at or above which a SELECT is explained. */
		private Duration threshold = Duration.ofMillis(500);

		/** Minimum time between two plans of the same statement fingerprint. */
		private Duration interval = Duration.ofMinutes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getThreshold() {
			return this.threshold;
		}

		public void setThreshold(Duration threshold) {
			this.threshold = threshold;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/** Health contributor. */
	public static class Health {

		/** Share of slow statements, in percent, above which the health contributor reports an issue. */
		private double slowQueryPercentage = 10;

		public double getSlowQueryPercentage() {
			return this.slowQueryPercentage;
		}

		public void setSlowQueryPercentage(double slowQueryPercentage) {
			this.slowQueryPercentage = slowQueryPercentage;
		}

	}

	public static class Observations {

		/**
		 * Whether to observe every statement ({@code jdbc.query}) and connection acquisition ({@code jdbc.connection})
		 * of a profiled DataSource with Micrometer's Observation API. Unset: only when Micrometer
		 * Tracing's tracer is present and is not Boot's no-op tracer (without one, observations would only add timers that
		 * repeat Perfkit's own).
		 */
		private @Nullable Boolean enabled;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

	}

}
