package dev.perfkit.resilience.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.perfkit.autoconfigure.PropertyChecks;
import dev.perfkit.resilience.ratelimit.RedisFailureMode;
import dev.perfkit.resilience.workers.Workload;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of Perfkit's resilience capability ({@code perfkit.resilience.*}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("perfkit.resilience")
public class ResilienceProperties implements Validator {

	// RFC 9110's token
	private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	/** Whether to enable throttling, rate limiting, guards and the worker pool. */
	private boolean enabled = true;

	/** Global throttle. */
	private final Throttle throttle = new Throttle();

	/** Per-client sliding-window rate limit. */
	private final RateLimit rateLimit = new RateLimit();

	/** Guards by name, each composing protections around calls. */
	private final Map<String, Guard> guards = new LinkedHashMap<>();

	/** Priority worker pool. */
	private final Workers workers = new Workers();

	private final Observations observations = new Observations();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Throttle getThrottle() {
		return this.throttle;
	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	public Map<String, Guard> getGuards() {
		return this.guards;
	}

	public Observations getObservations() {
		return this.observations;
	}

	public Workers getWorkers() {
		return this.workers;
	}

	@Override
	public boolean supports(Class<?> type) {
		return ResilienceProperties.class.isAssignableFrom(type);
	}

	// cross-field and duration rules, each reported under the property it concerns
	@Override
	public void validate(Object target, Errors errors) {
		ResilienceProperties properties = (ResilienceProperties) target;
		Throttle throttle = properties.throttle;
		PropertyChecks.requireDecimalAbove(errors, "throttle.rate", throttle.rate, 0);
		PropertyChecks.requireDecimalAbove(errors, "throttle.minRate", throttle.minRate, 0);
		PropertyChecks.requireDecimalAbove(errors, "throttle.maxRate", throttle.maxRate, 0);
		PropertyChecks.requireDecimalRange(errors, "throttle.cpuThreshold", throttle.cpuThreshold, 0.0, 1.0);
		PropertyChecks.requireDecimalRange(errors, "throttle.errorRateThreshold", throttle.errorRateThreshold, 0.0, 1.0);
		PropertyChecks.requireDecimalBetweenExclusive(errors, "throttle.decreaseFactor", throttle.decreaseFactor, 0.0,
				1.0);
		PropertyChecks.requireDecimalAbove(errors, "throttle.increaseStep", throttle.increaseStep, 0);
		PropertyChecks.requireAtLeast(errors, "throttle.historySize", throttle.historySize, 1);
		if (throttle.minRate > throttle.maxRate) {
			errors.rejectValue("throttle.minRate", "order", "must not be above max-rate (" + throttle.maxRate + ")");
		}
		else if (throttle.adaptive && (throttle.rate < throttle.minRate || throttle.rate > throttle.maxRate)) {
			errors.rejectValue("throttle.rate", "range", "must be between min-rate (" + throttle.minRate
					+ ") and max-rate (" + throttle.maxRate + ") when adaptive");
		}
		requireAtLeast(errors, "throttle.adjustInterval", throttle.adjustInterval, 1);
		requireAtLeast(errors, "throttle.maxWait", throttle.maxWait, 0);
		if (throttle.targetLatency == null || throttle.targetLatency.toNanos() <= 0) {
			errors.rejectValue("throttle.targetLatency", "positive", "must be a positive duration such as 200ms");
		}
		RateLimit rateLimit = properties.rateLimit;
		PropertyChecks.requireAtLeast(errors, "rateLimit.limit", rateLimit.limit, 1);
		PropertyChecks.requireAtLeast(errors, "rateLimit.maxClients", rateLimit.maxClients, 1);
		PropertyChecks.requireNotEmpty(errors, "rateLimit.redis.keyPrefix", rateLimit.redis.keyPrefix);
		PropertyChecks.requireNotEmpty(errors, "rateLimit.web.include", rateLimit.web.include);
		PropertyChecks.requireMatch(errors, "rateLimit.web.clientIdHeader", rateLimit.web.clientIdHeader, HEADER_NAME,
				"must be an HTTP header name");
		requireAtLeast(errors, "rateLimit.window", rateLimit.window, 1);
		for (int i = 0; i < rateLimit.windows.size(); i++) {
			PropertyChecks.requireAtLeast(errors, "rateLimit.windows[" + i + "].limit", rateLimit.windows.get(i).limit, 1);
			requireAtLeast(errors, "rateLimit.windows[" + i + "].window", rateLimit.windows.get(i).window, 1);
		}
		rateLimit.clients.forEach((pattern, client) -> {
			String path = "rateLimit.clients[" + pattern + "].";
			PropertyChecks.requireAtLeast(errors, path + "limit", client.limit, 1);
			if (client.window != null) {
				requireAtLeast(errors, path + "window", client.window, 1);
			}
			for (int i = 0; i < client.windows.size(); i++) {
				PropertyChecks.requireAtLeast(errors, path + "windows[" + i + "].limit", client.windows.get(i).limit, 1);
				requireAtLeast(errors, path + "windows[" + i + "].window", client.windows.get(i).window, 1);
			}
		});
		requireAtLeast(errors, "rateLimit.redis.retryInterval", rateLimit.redis.retryInterval, 1);
		properties.guards.forEach((name, guard) -> {
			String path = "guards[" + name + "].";
			PropertyChecks.requireDecimalAbove(errors, path + "clientSideThrottle.k", guard.clientSideThrottle.k, 1.0);
			if (guard.timeout != null) {
				requireAtLeast(errors, path + "timeout", guard.timeout, 1);
			}
			requireAtLeast(errors, path + "clientSideThrottle.window", guard.clientSideThrottle.window, 10);
		});
		Workers workers = properties.workers;
		PropertyChecks.requireAtLeast(errors, "workers.coreSize", workers.coreSize, 1);
		PropertyChecks.requireAtLeast(errors, "workers.maxSize", workers.maxSize, 1);
		PropertyChecks.requireAtLeast(errors, "workers.queueCapacity", workers.queueCapacity, 1);
		PropertyChecks.requireAtLeast(errors, "workers.retainedTasks", workers.retainedTasks, 0);
		if (workers.coreSize != null && workers.maxSize != null && workers.maxSize < workers.coreSize) {
			errors.rejectValue("workers.maxSize", "order", "must not be below core-size (" + workers.coreSize + ")");
		}
		requireAtLeast(errors, "workers.defaultTimeout", workers.defaultTimeout, 1);
		requireAtLeast(errors, "workers.queueTimeout", workers.queueTimeout, 1);
		requireAtLeast(errors, "workers.shutdownTimeout", workers.shutdownTimeout, 0);
	}

	private static void requireAtLeast(Errors errors, String field, @Nullable Duration duration, long millis) {
		if (duration == null || duration.isNegative() || duration.toMillis() < millis) {
			errors.rejectValue(field, "minimum", (millis == 0) ? "must not be negative"
					: "must be a duration of at least " + millis + "ms");
		}
	}

	/**
	 * Global throttle settings.
	 */
	public static class Throttle {

		/** Whether to enable the global throttle that guards can apply. */
		private boolean enabled = true;

		/** Calls per second the throttle allows; in adaptive mode, the starting rate. */
		private double rate = 100;

		/** Whether to adapt the rate to latency, error rate and CPU at run time (AIMD). */
		private boolean adaptive = false;

		/** Lowest rate, in calls per second, the adaptive throttle sets. */
		private double minRate = 1;

		/** Highest rate, in calls per second, the adaptive throttle sets. */
		private double maxRate = 1000;

		/** Mean call latency above which the adaptive throttle lowers the rate. */
		private Duration targetLatency = Duration.ofMillis(200);

		/** Process CPU load (0.0 to 1.0, relative to the CPUs the container may use) above which the adaptive throttle lowers the rate. */
		private double cpuThreshold = 0.8;

		/** Share of failed calls (0.0 to 1.0) above which the adaptive throttle lowers the rate. */
		private double errorRateThreshold = 0.1;

		/** Factor the adaptive throttle multiplies the rate by when it lowers it. */
		private double decreaseFactor = 0.75;

		/** Calls per second the adaptive throttle adds when an interval was healthy. */
		private double increaseStep = 10;

		/** Time between two steps of the adaptive throttle. */
		private Duration adjustInterval = Duration.ofSeconds(1);

		/** How long a call waits for a permit before it fails with ThrottledException. */
		private Duration maxWait = Duration.ofMillis(50);

		/** Number of rate changes kept for the throttling endpoint. */
		private int historySize = 100;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getRate() {
			return this.rate;
		}

		public void setRate(double rate) {
			this.rate = rate;
		}

		public boolean isAdaptive() {
			return this.adaptive;
		}

		public void setAdaptive(boolean adaptive) {
			this.adaptive = adaptive;
		}

		public double getMinRate() {
			return this.minRate;
		}

		public void setMinRate(double minRate) {
			this.minRate = minRate;
		}

		public double getMaxRate() {
			return this.maxRate;
		}

		public void setMaxRate(double maxRate) {
			this.maxRate = maxRate;
		}

		public Duration getTargetLatency() {
			return this.targetLatency;
		}

		public void setTargetLatency(Duration targetLatency) {
			this.targetLatency = targetLatency;
		}

		public double getCpuThreshold() {
			return this.cpuThreshold;
		}

		public void setCpuThreshold(double cpuThreshold) {
			this.cpuThreshold = cpuThreshold;
		}

		public double getErrorRateThreshold() {
			return this.errorRateThreshold;
		}

		public void setErrorRateThreshold(double errorRateThreshold) {
			this.errorRateThreshold = errorRateThreshold;
		}

		public double getDecreaseFactor() {
			return this.decreaseFactor;
		}

		public void setDecreaseFactor(double decreaseFactor) {
			this.decreaseFactor = decreaseFactor;
		}

		public double getIncreaseStep() {
			return this.increaseStep;
		}

		public void setIncreaseStep(double increaseStep) {
			this.increaseStep = increaseStep;
		}

		public Duration getAdjustInterval() {
			return this.adjustInterval;
		}

		public void setAdjustInterval(Duration adjustInterval) {
			this.adjustInterval = adjustInterval;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

		public int getHistorySize() {
			return this.historySize;
		}

		public void setHistorySize(int historySize) {
			this.historySize = historySize;
		}

	}

	/**
	 * Per-client rate limit settings.
	 */
	public static class RateLimit {

		/** Whether to enable the per-client rate limiter that guards and the web filter apply. */
		private boolean enabled = true;

		/** Where counts are kept: in process (local) or shared by every instance (redis). */
		private Backend backend = Backend.LOCAL;

		/** Calls a client may make per window under the default plan. */
		private long limit = 100;

		/** Length of the sliding window of the default plan. */
		private Duration window = Duration.ofMinutes(1);

		/** Further windows of the default plan, all applied at once (for example 1000 per hour beside 10 per second). */
		private final List<Window> windows = new ArrayList<>();

		/** Plans by client-id pattern ('*' matches any characters), tried in order; a matching plan replaces the default. */
		private final Map<String, Client> clients = new LinkedHashMap<>();

		/** Maximum number of clients the local limiter keeps counts for; the least valuable are evicted first. */
		private int maxClients = 100_000;

		/** Whether to only count calls over the limit (as 'monitored') instead of refusing them. */
		private boolean monitorOnly = false;

		/** Redis backend settings. */
		private final Redis redis = new Redis();

		/** Servlet filter settings. */
		private final Web web = new Web();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Backend getBackend() {
			return this.backend;
		}

		public void setBackend(Backend backend) {
			this.backend = backend;
		}

		public long getLimit() {
			return this.limit;
		}

		public void setLimit(long limit) {
			this.limit = limit;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public List<Window> getWindows() {
			return this.windows;
		}

		public Map<String, Client> getClients() {
			return this.clients;
		}

		public int getMaxClients() {
			return this.maxClients;
		}

		public void setMaxClients(int maxClients) {
			this.maxClients = maxClients;
		}

		public boolean isMonitorOnly() {
			return this.monitorOnly;
		}

		public void setMonitorOnly(boolean monitorOnly) {
			this.monitorOnly = monitorOnly;
		}

		public Redis getRedis() {
			return this.redis;
		}

		public Web getWeb() {
			return this.web;
		}

	}

	/**
	 * Backend of the per-client rate limiter.
	 */
	public enum Backend {

		/** Counts in process, per instance. */
		LOCAL,

		/** Counts in Redis, shared by every instance. */
		REDIS

	}

	/**
	 * One window of a plan.
	 */
	public static class Window {

		/** Calls allowed per window. */
		private long limit = 1;

		/** Length of the window. */
		private Duration window = Duration.ofSeconds(1);

		public long getLimit() {
			return this.limit;
		}

		public void setLimit(long limit) {
			this.limit = limit;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

	/**
	 * Plan of the clients whose id matches a pattern.
	 */
	public static class Client {

		/** Calls per window for these clients; the default limit when not set. */
		private @Nullable Long limit;

		/** Length of the window for these clients; the default window when not set. */
		private @Nullable Duration window;

		/** Further windows for these clients, all applied at once. */
		private final List<Window> windows = new ArrayList<>();

		public @Nullable Long getLimit() {
			return this.limit;
		}

		public void setLimit(@Nullable Long limit) {
			this.limit = limit;
		}

		public @Nullable Duration getWindow() {
			return this.window;
		}

		public void setWindow(@Nullable Duration window) {
			this.window = window;
		}

		public List<Window> getWindows() {
			return this.windows;
		}

	}

	/**
	 * Redis backend of the rate limiter.
	 */
	public static class Redis {

		/** Prefix of every key the Redis rate limiter writes. */
		private String keyPrefix = "perfkit:ratelimit:";

		/** What to do while Redis cannot be reached: count locally, allow every call, or deny every call. */
		private RedisFailureMode onFailure = RedisFailureMode.LOCAL;

		/** How long the circuit breaker around Redis stays open before it tries Redis again. */
		private Duration retryInterval = Duration.ofSeconds(5);

		/** Longest wait for one Redis call, opening the connection included; a longer call counts as a failure. */
		private Duration timeout = Duration.ofMillis(250);

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public RedisFailureMode getOnFailure() {
			return this.onFailure;
		}

		public void setOnFailure(RedisFailureMode onFailure) {
			this.onFailure = onFailure;
		}

		public Duration getRetryInterval() {
			return this.retryInterval;
		}

		public void setRetryInterval(Duration retryInterval) {
			this.retryInterval = retryInterval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Servlet filter that rate-limits HTTP requests.
	 */
	public static class Web {

		/** Whether to rate-limit HTTP requests whose path matches the include patterns. */
		private boolean enabled = false;

		/** Comma-separated list of path patterns to rate-limit. */
		private List<String> include = new ArrayList<>(List.of("/**"));

		/** Comma-separated list of path patterns never to rate-limit. */
		private List<String> exclude = new ArrayList<>(List.of("/actuator/**"));

		/**
		 * Request header trusted to carry the client id, ahead of the authenticated principal and the remote address;
		 * unset by default, since clients choose their headers: set it only when a gateway sets it.
		 */
		private @Nullable String clientIdHeader;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

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

		public @Nullable String getClientIdHeader() {
			return this.clientIdHeader;
		}

		public void setClientIdHeader(@Nullable String clientIdHeader) {
			this.clientIdHeader = clientIdHeader;
		}

	}

	/**
	 * One guard.
	 */
	public static class Guard {

		/** Name of the Resilience4j circuit breaker (resilience4j.circuitbreaker.instances.*) the guard applies. */
		private @Nullable String circuitBreaker;

		/** Whether the guard applies the global throttle. */
		private boolean throttle = false;

		/** Whether the guard applies the per-client rate limit. */
		private boolean rateLimit = false;

		/** Name of the Resilience4j bulkhead (resilience4j.bulkhead.instances.*) the guard applies. */
		private @Nullable String bulkhead;

		/** Time limit of a guarded call; the call then runs on a guard thread. */
		private @Nullable Duration timeout;

		/** Name of the Resilience4j retry (resilience4j.retry.instances.*) the guard applies. */
		private @Nullable String retry;

		/** Client-side throttling of the service behind the guard (Google SRE adaptive throttling). */
		private final ClientSideThrottle clientSideThrottle = new ClientSideThrottle();

		public ClientSideThrottle getClientSideThrottle() {
			return this.clientSideThrottle;
		}

		public @Nullable String getCircuitBreaker() {
			return this.circuitBreaker;
		}

		public void setCircuitBreaker(@Nullable String circuitBreaker) {
			this.circuitBreaker = circuitBreaker;
		}

		public boolean isThrottle() {
			return this.throttle;
		}

		public void setThrottle(boolean throttle) {
			this.throttle = throttle;
		}

		public boolean isRateLimit() {
			return this.rateLimit;
		}

		public void setRateLimit(boolean rateLimit) {
			this.rateLimit = rateLimit;
		}

		public @Nullable String getBulkhead() {
			return this.bulkhead;
		}

		public void setBulkhead(@Nullable String bulkhead) {
			this.bulkhead = bulkhead;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		public @Nullable String getRetry() {
			return this.retry;
		}

		public void setRetry(@Nullable String retry) {
			this.retry = retry;
		}

	}

	/**
	 * Client-side throttling of one guard.
	 */
	public static class ClientSideThrottle {

		/** Whether to refuse calls locally, with probability max(0, (requests - k * accepts) / (requests + 1)), while the service refuses or fails many of them. */
		private boolean enabled = false;

		/** How many times the accepted calls the client may send; lower is more aggressive. */
		private double k = 2.0;

		/** Window over which requests and accepts are counted. */
		private Duration window = Duration.ofMinutes(2);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getK() {
			return this.k;
		}

		public void setK(double k) {
			this.k = k;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

	/**
	 * Priority worker pool.
	 */
	public static class Workers {

		/** Whether to create the priority worker pool. */
		private boolean enabled = true;

		/** Sizing preset used for sizes that are not set: cpu-bound, io-bound or balanced. */
		private Workload workload = Workload.BALANCED;

		/** Number of threads kept running; from the workload preset when not set. */
		private @Nullable Integer coreSize;

		/** Maximum number of threads, reached when the queue is full; from the workload preset when not set. */
		private @Nullable Integer maxSize;

		/** Maximum number of tasks waiting for a thread; a task beyond it is rejected. */
		private int queueCapacity = 1000;

		/** Time limit of a task that sets none; the task is cancelled when it runs longer. */
		private Duration defaultTimeout = Duration.ofSeconds(30);

		/** Longest time a task may wait in the queue; a task that waited longer is expired instead of run. */
		private Duration queueTimeout = Duration.ofMinutes(1);

		/** Number of finished tasks whose status and result stay available by id. */
		private int retainedTasks = 1000;

		/** How long shutdown waits for running tasks before it interrupts them. */
		private Duration shutdownTimeout = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Workload getWorkload() {
			return this.workload;
		}

		public void setWorkload(Workload workload) {
			this.workload = workload;
		}

		public @Nullable Integer getCoreSize() {
			return this.coreSize;
		}

		public void setCoreSize(@Nullable Integer coreSize) {
			this.coreSize = coreSize;
		}

		public @Nullable Integer getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(@Nullable Integer maxSize) {
			this.maxSize = maxSize;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public Duration getDefaultTimeout() {
			return this.defaultTimeout;
		}

		public void setDefaultTimeout(Duration defaultTimeout) {
			this.defaultTimeout = defaultTimeout;
		}

		public Duration getQueueTimeout() {
			return this.queueTimeout;
		}

		public void setQueueTimeout(Duration queueTimeout) {
			this.queueTimeout = queueTimeout;
		}

		public int getRetainedTasks() {
			return this.retainedTasks;
		}

		public void setRetainedTasks(int retainedTasks) {
			this.retainedTasks = retainedTasks;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

	}

	public static class Observations {

		/**
		 * Whether to observe every call through a guard ({@code perfkit.guard}) and every worker task
		 * ({@code perfkit.workers.task}) with Micrometer's Observation API. Unset: only when Micrometer
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
