package dev.perfkit.cache.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.perfkit.autoconfigure.PropertyChecks;
import dev.perfkit.cache.CompressionType;
import dev.perfkit.cache.LayerSettings;
import dev.perfkit.cache.LayeredCacheSettings;

/**
 * Configuration properties of the layered cache ({@code perfkit.cache.*}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("perfkit.cache")
public class LayeredCacheProperties implements Validator {

	/** Whether to enable the layered cache. */
	private boolean enabled = true;

	/** Time-to-live of entries when a cache or entry sets none. */
	private Duration defaultTtl = Duration.ofHours(1);

	/** Comma-separated list of cache names to create at start-up; when set, no other cache is created. */
	private List<String> cacheNames = new ArrayList<>();

	/** Whether null values are cached (protects the loader from repeated lookups of missing keys). */
	private boolean allowNullValues = true;

	/** Time-to-live of cached null values. */
	private Duration nullTtl = Duration.ofMinutes(1);

	/** Comma-separated list of packages whose classes may be read back from Redis and SQLite, besides the JDK's and the application's auto-configuration packages. */
	private List<String> trustedPackages = new ArrayList<>();

	/** How long a failed L2 or L3 layer is skipped before it is tried again. */
	private Duration recoveryInterval = Duration.ofSeconds(1);

	/** L1, in memory. */
	private final Memory memory = new Memory();

	/** L2, Redis. */
	private final Redis redis = new Redis();

	/** L3, a SQLite file. */
	private final Sqlite sqlite = new Sqlite();

	/** Stampede protection. */
	private final Stampede stampede = new Stampede();

	/** Size limits of what is written to L2 and L3. */
	private final Limits limits = new Limits();

	/** Coherence of L1 across instances. */
	private final Coherence coherence = new Coherence();

	private final Observations observations = new Observations();

	// L2 above the layers of the application's own (between), L3 below them
	static final int REDIS_ORDER = 0;

	static final int OWN_LAYER_ORDER = 1;

	static final int SQLITE_ORDER = 2;

	private static final List<String> JDK_NAMESPACES = List.of("java", "javax", "jdk", "sun", "com.sun");

	private static final DataSize MAX_KEY_SIZE = DataSize.ofMegabytes(512);

	private static final DataSize MAX_VALUE_SIZE = DataSize.ofBytes(Integer.MAX_VALUE - 64);

	/** Per-cache overrides, by cache name. */
	private final Map<String, CacheSpec> specs = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getDefaultTtl() {
		return this.defaultTtl;
	}

	public void setDefaultTtl(Duration defaultTtl) {
		this.defaultTtl = defaultTtl;
	}

	public List<String> getCacheNames() {
		return this.cacheNames;
	}

	public void setCacheNames(List<String> cacheNames) {
		this.cacheNames = cacheNames;
	}

	public boolean isAllowNullValues() {
		return this.allowNullValues;
	}

	public void setAllowNullValues(boolean allowNullValues) {
		this.allowNullValues = allowNullValues;
	}

	public Duration getNullTtl() {
		return this.nullTtl;
	}

	public void setNullTtl(Duration nullTtl) {
		this.nullTtl = nullTtl;
	}

	public List<String> getTrustedPackages() {
		return this.trustedPackages;
	}

	public void setTrustedPackages(List<String> trustedPackages) {
		this.trustedPackages = trustedPackages;
	}

	public Duration getRecoveryInterval() {
		return this.recoveryInterval;
	}

	public void setRecoveryInterval(Duration recoveryInterval) {
		this.recoveryInterval = recoveryInterval;
	}

	public Memory getMemory() {
		return this.memory;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Sqlite getSqlite() {
		return this.sqlite;
	}

	public Stampede getStampede() {
		return this.stampede;
	}

	public Coherence getCoherence() {
		return this.coherence;
	}

	public Observations getObservations() {
		return this.observations;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public Map<String, CacheSpec> getSpecs() {
		return this.specs;
	}

	@Override
	public boolean supports(Class<?> type) {
		return LayeredCacheProperties.class.isAssignableFrom(type);
	}

	// cross-field and duration rules, each reported under the property it concerns
	@Override
	public void validate(Object target, Errors errors) {
		LayeredCacheProperties properties = (LayeredCacheProperties) target;
		PropertyChecks.requireNotNull(errors, "defaultTtl", properties.defaultTtl);
		PropertyChecks.requireNotNull(errors, "nullTtl", properties.nullTtl);
		PropertyChecks.requireNotNull(errors, "recoveryInterval", properties.recoveryInterval);
		PropertyChecks.requireAtLeast(errors, "memory.maximumSize", properties.memory.maximumSize, 1);
		PropertyChecks.requireNotNull(errors, "memory.ttl", properties.memory.ttl);
		PropertyChecks.requireNotBlank(errors, "redis.keyPrefix", properties.redis.keyPrefix);
		PropertyChecks.requireNotNull(errors, "redis.compression", properties.redis.compression);
		PropertyChecks.requireNotNull(errors, "redis.compressionThreshold", properties.redis.compressionThreshold);
		PropertyChecks.requireNotNull(errors, "redis.timeout", properties.redis.timeout);
		PropertyChecks.requireAtLeast(errors, "sqlite.maxEntries", properties.sqlite.maxEntries, 1);
		PropertyChecks.requireNotNull(errors, "sqlite.purgeInterval", properties.sqlite.purgeInterval);
		PropertyChecks.requireNotNull(errors, "sqlite.busyTimeout", properties.sqlite.busyTimeout);
		PropertyChecks.requireDecimalRange(errors, "stampede.earlyRefreshBeta", properties.stampede.earlyRefreshBeta, 0.0,
				100.0);
		PropertyChecks.requireNotNull(errors, "stampede.lockLease", properties.stampede.lockLease);
		PropertyChecks.requireNotNull(errors, "coherence.heartbeatInterval", properties.coherence.heartbeatInterval);
		PropertyChecks.requireNotNull(errors, "limits.maxKeySize", properties.limits.maxKeySize);
		PropertyChecks.requireNotNull(errors, "limits.maxValueSize", properties.limits.maxValueSize);
		requirePositive(errors, "defaultTtl", properties.defaultTtl);
		requirePositive(errors, "nullTtl", properties.nullTtl);
		requirePositive(errors, "recoveryInterval", properties.recoveryInterval);
		requirePositive(errors, "coherence.heartbeatInterval", properties.coherence.heartbeatInterval);
		requirePositive(errors, "memory.ttl", properties.memory.ttl);
		requirePositive(errors, "redis.ttl", properties.redis.ttl);
		requirePositive(errors, "redis.timeout", properties.redis.timeout);
		requirePositive(errors, "sqlite.ttl", properties.sqlite.ttl);
		requirePositive(errors, "sqlite.purgeInterval", properties.sqlite.purgeInterval);
		if (properties.sqlite.busyTimeout != null && properties.sqlite.busyTimeout.isNegative()) {
			errors.rejectValue("sqlite.busyTimeout", "negative", "must not be negative");
		}
		requirePositive(errors, "stampede.lockLease", properties.stampede.lockLease);
		DataSize threshold = properties.redis.compressionThreshold;
		if (threshold != null && (threshold.toBytes() < 0 || threshold.toBytes() >= Integer.MAX_VALUE)) {
			errors.rejectValue("redis.compressionThreshold", "range", "must be between 0 and 2GB");
		}
		if (!properties.sqlite.isPathUsable()) {
			errors.rejectValue("sqlite.path", "unusable", "must be a file in a writable directory");
		}
		for (int i = 0; i < properties.trustedPackages.size(); i++) {
			if (!isApplicationPackage(properties.trustedPackages.get(i))) {
				errors.rejectValue("trustedPackages[" + i + "]", "package",
						"must be an application package of at least two segments such as com.example.catalog, not a"
								+ " JDK package (its value types are trusted already) nor a whole namespace");
			}
		}
		requireSize(errors, "limits.maxKeySize", properties.limits.maxKeySize, MAX_KEY_SIZE);
		requireSize(errors, "limits.maxValueSize", properties.limits.maxValueSize, MAX_VALUE_SIZE);
		properties.specs.forEach((name, spec) -> {
			String path = "specs[" + name + "].";
			PropertyChecks.requireDecimalRange(errors, path + "earlyRefreshBeta", spec.earlyRefreshBeta, 0.0, 100.0);
			PropertyChecks.requireAtLeast(errors, path + "memory.maximumSize", spec.memory.maximumSize, 1);
			requirePositive(errors, path + "ttl", spec.ttl);
			requirePositive(errors, path + "nullTtl", spec.nullTtl);
			requirePositive(errors, path + "memory.ttl", spec.memory.ttl);
			requirePositive(errors, path + "redis.ttl", spec.redis.ttl);
			requirePositive(errors, path + "sqlite.ttl", spec.sqlite.ttl);
		});
	}

	// trusting a JDK package or a whole namespace (org, com.sun) would let planted bytes name gadget classes
	private static boolean isApplicationPackage(@Nullable String name) {
		if (name == null || name.isBlank()) {
			return true;
		}
		String trimmed = name.strip();
		if (trimmed.endsWith(".")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		for (String jdk : JDK_NAMESPACES) {
			if (trimmed.equals(jdk) || trimmed.startsWith(jdk + ".")) {
				return false;
			}
		}
		return trimmed.indexOf('.') > 0;
	}

	private static void requirePositive(Errors errors, String field, @Nullable Duration duration) {
		if (duration != null && (duration.isNegative() || duration.isZero())) {
			errors.rejectValue(field, "positive", "must be a positive duration such as 500ms or 10m");
		}
	}

	private static void requireSize(Errors errors, String field, @Nullable DataSize size, DataSize maximum) {
		if (size != null && (size.toBytes() < 1 || size.toBytes() > maximum.toBytes())) {
			errors.rejectValue(field, "range", "must be between 1B and " + maximum);
		}
	}

	/**
	 * Resolves the settings of one cache from the global properties and its spec.
	 * @param name the cache name
	 * @return the settings
	 */
	LayeredCacheSettings settingsFor(String name) {
		CacheSpec spec = spec(name);
		return new LayeredCacheSettings(or(spec.ttl, this.defaultTtl), or(spec.allowNullValues, this.allowNullValues),
				or(spec.nullTtl, this.nullTtl), or(spec.memory.enabled, this.memory.enabled),
				or(spec.memory.maximumSize, this.memory.maximumSize), or(spec.memory.ttl, this.memory.ttl),
				or(spec.earlyRefreshBeta, this.stampede.earlyRefreshBeta));
	}

	/**
	 * Settings of L2: first, slow past {@code redis.timeout}, used by each cache as {@code redis.*} and its spec say.
	 * @return the layer settings
	 */
	LayerSettings redisLayerSettings() {
		return LayerSettings.of(this.redis.timeout)
			.withOrder(REDIS_ORDER)
			.withCaches((name) -> perCache(spec(name).redis, this.redis.enabled, this.redis.ttl));
	}

	/**
	 * Settings of L3: last, slow past {@code sqlite.busy-timeout}, used by each cache as {@code sqlite.*} and its spec
	 * say.
	 * @return the layer settings
	 */
	LayerSettings sqliteLayerSettings() {
		return LayerSettings.of(this.sqlite.busyTimeout)
			.withOrder(SQLITE_ORDER)
			.withCaches((name) -> perCache(spec(name).sqlite, this.sqlite.enabled, this.sqlite.ttl));
	}

	private CacheSpec spec(String name) {
		return this.specs.getOrDefault(name, new CacheSpec());
	}

	private static LayerSettings.PerCache perCache(SpecLayer spec, boolean enabled, @Nullable Duration ttl) {
		return new LayerSettings.PerCache(or(spec.enabled, enabled), (spec.ttl != null) ? spec.ttl : ttl);
	}

	private static <T> T or(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	/** L1 settings. */
	public static class Memory {

		/** Whether caches keep entries in memory (L1). */
		private boolean enabled = true;

		/** Maximum number of entries kept in memory per cache. */
		private long maximumSize = 10_000;

		/** Longest time an entry stays in memory; never beyond the entry's own expiry. */
		private Duration ttl = Duration.ofMinutes(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

	}

	/** L2 settings. */
	public static class Redis {

		/** Whether caches use Redis (L2) when Spring Data Redis and a Lettuce connection factory are present. */
		private boolean enabled = true;

		/** Prefix of every Redis key the cache writes; give each application its own. */
		private String keyPrefix = "perfkit:";

		/** Longest time an entry stays in Redis; unset for the entry's own time-to-live. */
		private @Nullable Duration ttl;

		/** Compression of values in Redis and SQLite. */
		private CompressionType compression = CompressionType.LZ4;

		/** Smallest serialized value that is compressed. */
		private DataSize compressionThreshold = DataSize.ofKilobytes(1);

		/** Longest wait for one Redis command before the call counts as failed and the layer is skipped. */
		private Duration timeout = Duration.ofMillis(250);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public CompressionType getCompression() {
			return this.compression;
		}

		public void setCompression(CompressionType compression) {
			this.compression = compression;
		}

		public DataSize getCompressionThreshold() {
			return this.compressionThreshold;
		}

		public void setCompressionThreshold(DataSize compressionThreshold) {
			this.compressionThreshold = compressionThreshold;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/** L3 settings. */
	public static class Sqlite {

		/** Whether caches keep entries in a local SQLite file (L3) when sqlite-jdbc is present. */
		private boolean enabled = true;

		/**
		 * SQLite file of the cache; defaults to <name>.db in $XDG_CACHE_HOME/perfkit (else ~/.cache/perfkit), name
		 * being spring.application.name or the application's package. Its folder must belong to the application's
		 * user and be writable by it alone.
		 */
		private @Nullable Path path;

		/** Longest time an entry stays in the file; unset for the entry's own time-to-live. */
		private @Nullable Duration ttl;

		/** Maximum number of entries kept in the file; the soonest-expiring are purged first. */
		private long maxEntries = 100_000;

		/** How often expired and surplus entries are purged from the file. */
		private Duration purgeInterval = Duration.ofMinutes(1);

		/** Longest wait for a lock on the file held by another process. */
		private Duration busyTimeout = Duration.ofMillis(200);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Path getPath() {
			return this.path;
		}

		public void setPath(@Nullable Path path) {
			this.path = path;
		}

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public long getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(long maxEntries) {
			this.maxEntries = maxEntries;
		}

		public Duration getPurgeInterval() {
			return this.purgeInterval;
		}

		public void setPurgeInterval(Duration purgeInterval) {
			this.purgeInterval = purgeInterval;
		}

		public Duration getBusyTimeout() {
			return this.busyTimeout;
		}

		public void setBusyTimeout(Duration busyTimeout) {
			this.busyTimeout = busyTimeout;
		}

		/**
		 * Whether the file's directory exists as a writable directory or can be created.
		 * @return whether the path is usable
		 */
		boolean isPathUsable() {
			if (this.path == null) {
				return true;
			}
			if (Files.isDirectory(this.path)) {
				return false;
			}
			Path directory = this.path.toAbsolutePath().getParent();
			while (directory != null && !Files.exists(directory)) {
				directory = directory.getParent();
			}
			return directory != null && Files.isDirectory(directory) && Files.isWritable(directory);
		}

	}

	/** Stampede protection settings. */
	public static class Stampede {

		/** XFetch's beta for probabilistic early refresh of entries read through a loader; 0 disables it, 1 is the usual choice, higher refreshes earlier. */
		private double earlyRefreshBeta = 1.0;

		/** Whether a miss of a sync read takes a lease on the key in Redis, so that one instance of the fleet loads it while the others wait for its value. */
		private boolean distributedLock;

		/** How long a distributed lease lasts, and how long the other instances wait for its value before loading themselves. */
		private Duration lockLease = Duration.ofSeconds(10);

		public boolean isDistributedLock() {
			return this.distributedLock;
		}

		public void setDistributedLock(boolean distributedLock) {
			this.distributedLock = distributedLock;
		}

		public Duration getLockLease() {
			return this.lockLease;
		}

		public void setLockLease(Duration lockLease) {
			this.lockLease = lockLease;
		}

		public double getEarlyRefreshBeta() {
			return this.earlyRefreshBeta;
		}

		public void setEarlyRefreshBeta(double earlyRefreshBeta) {
			this.earlyRefreshBeta = earlyRefreshBeta;
		}

	}

	/** Limits on what the shared and persistent layers store; beyond them an entry stays in L1 only. */
	public static class Coherence {

		/**
		 * How often each instance tells the others its last invalidation's sequence number; a receiver that sees a
		 * gap drops its L1 within one interval, and one that hears nothing from a live sender for three.
		 */
		private Duration heartbeatInterval = Duration.ofSeconds(1);

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

	}

	public static class Limits {

		/** Largest key, in UTF-8 bytes, that is written to or read from L2 and L3. */
		private DataSize maxKeySize = DataSize.ofKilobytes(1);

		/**
		 * Largest entry, both serialized and compressed as stored, that is written to or read from L2 and L3; a
		 * larger frame read back (or one declaring a larger value) is refused before allocation and counted as corrupt.
		 */
		private DataSize maxValueSize = DataSize.ofMegabytes(1);

		public DataSize getMaxKeySize() {
			return this.maxKeySize;
		}

		public void setMaxKeySize(DataSize maxKeySize) {
			this.maxKeySize = maxKeySize;
		}

		public DataSize getMaxValueSize() {
			return this.maxValueSize;
		}

		public void setMaxValueSize(DataSize maxValueSize) {
			this.maxValueSize = maxValueSize;
		}

	}

	/** Overrides for one cache; anything unset falls back to the global setting. */
	public static class CacheSpec {

		/** Time-to-live of entries of this cache. */
		private @Nullable Duration ttl;

		/** Whether this cache caches null values. */
		private @Nullable Boolean allowNullValues;

		/** Time-to-live of null values of this cache. */
		private @Nullable Duration nullTtl;

		/** XFetch's beta for this cache. */
		private @Nullable Double earlyRefreshBeta;

		/** L1 overrides. */
		private final SpecMemory memory = new SpecMemory();

		/** L2 overrides. */
		private final SpecLayer redis = new SpecLayer();

		/** L3 overrides. */
		private final SpecLayer sqlite = new SpecLayer();

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public @Nullable Boolean getAllowNullValues() {
			return this.allowNullValues;
		}

		public void setAllowNullValues(@Nullable Boolean allowNullValues) {
			this.allowNullValues = allowNullValues;
		}

		public @Nullable Duration getNullTtl() {
			return this.nullTtl;
		}

		public void setNullTtl(@Nullable Duration nullTtl) {
			this.nullTtl = nullTtl;
		}

		public @Nullable Double getEarlyRefreshBeta() {
			return this.earlyRefreshBeta;
		}

		public void setEarlyRefreshBeta(@Nullable Double earlyRefreshBeta) {
			this.earlyRefreshBeta = earlyRefreshBeta;
		}

		public SpecMemory getMemory() {
			return this.memory;
		}

		public SpecLayer getRedis() {
			return this.redis;
		}

		public SpecLayer getSqlite() {
			return this.sqlite;
		}

	}

	/** L1 overrides of one cache. */
	public static class SpecMemory {

		/** Whether this cache uses L1. */
		private @Nullable Boolean enabled;

		/** Maximum number of entries of this cache in memory. */
		private @Nullable Long maximumSize;

		/** Longest time an entry of this cache stays in memory. */
		private @Nullable Duration ttl;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(@Nullable Long maximumSize) {
			this.maximumSize = maximumSize;
		}

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

	}

	/** L2 or L3 overrides of one cache. */
	public static class SpecLayer {

		/** Whether this cache uses the layer. */
		private @Nullable Boolean enabled;

		/** Longest time an entry of this cache stays in the layer. */
		private @Nullable Duration ttl;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

	}

	public static class Observations {

		/**
		 * Whether to observe every load ({@code perfkit.cache.loader}) and every call to a lower layer
		 * ({@code perfkit.cache.layer}) with Micrometer's Observation API; an L1 hit is never observed. Unset: only when Micrometer
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
