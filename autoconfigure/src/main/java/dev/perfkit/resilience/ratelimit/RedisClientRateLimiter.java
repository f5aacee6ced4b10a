package dev.perfkit.resilience.ratelimit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Per-client limiter shared by every instance of the application through Redis. Each check is one call of one Lua
 * script (one round trip): it drops entries older than each window from a sorted set per window, counts what is
 * left and, when every window has room, adds the call. Time is Redis's own ({@code TIME}), so instance clocks do
 * not matter, and the log is exact: a limit of 100 per minute allows 100 calls in any minute across all instances.
 * <p>
 * The keys of one client share a hash tag, so the script also runs on Redis Cluster. The client id never reaches
 * Redis as such: the hash tag holds a digest of it (32 hexadecimal characters), so a client id of any length or
 * content (a {@code '}'} included) maps to one slot and a fixed-size key. In monitor-only mode a window keeps no more
 * calls than its limit (the oldest are dropped), so a flood cannot grow it without bound. When Redis fails, a circuit
 * breaker stops the calls for a while and the {@link RedisFailureMode failure mode} decides: count in process,
 * allow or deny. Failures are logged once per incident, not per call.
 *
 * @since 0.1.0
 */
public class RedisClientRateLimiter extends ClientRateLimiter {

	private static final Log logger = LogFactory.getLog(RedisClientRateLimiter.class);

	static final String SCRIPT_LOCATION = "dev/perfkit/resilience/ratelimit/sliding-window.lua";

	private static final RedisScript<List> SCRIPT = RedisScript.of(new ClassPathResource(SCRIPT_LOCATION), List.class);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final CircuitBreaker breaker;

	private final RedisFailureMode failureMode;

	private final LocalClientRateLimiter fallback;

	private final String instanceId = UUID.randomUUID().toString().substring(0, 8);

	private final AtomicLong sequence = new AtomicLong();

	private final AtomicBoolean failing = new AtomicBoolean();

	private final Cache<String, ClientUsage> usage;

	/**
	 * Creates a limiter.
	 * @param plans the plans
	 * @param monitorOnly whether to let calls over the limit through, counting them as monitored
	 * @param maxClients maximum number of clients tracked in memory (usage and fallback counts)
	 * @param redis the Redis template
	 * @param keyPrefix prefix of every key the limiter writes
	 * @param breaker circuit breaker around the Redis calls
	 * @param failureMode what to do while Redis fails
	 */
	public RedisClientRateLimiter(RateLimitPlans plans, boolean monitorOnly, int maxClients, StringRedisTemplate redis,
			String keyPrefix, CircuitBreaker breaker, RedisFailureMode failureMode) {
		super(plans, monitorOnly, Math.min(maxClients, 10_000));
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.breaker = breaker;
		this.failureMode = failureMode;
		this.fallback = new LocalClientRateLimiter(plans, monitorOnly, maxClients);
		this.usage = Caffeine.newBuilder().maximumSize(Math.min(maxClients, 10_000)).build();
	}

	@Override
	protected RateLimitDecision doCheck(String clientId, RateLimitPlans plans) {
		RateLimitPlan plan = plans.planFor(clientId);
		if (!this.breaker.tryAcquirePermission()) {
			return fallback(clientId, plan, plans);
		}
		long start = this.breaker.getCurrentTimestamp();
		try {
			RateLimitDecision decision = evaluate(clientId, plan);
			this.breaker.onSuccess(this.breaker.getCurrentTimestamp() - start, this.breaker.getTimestampUnit());
			if (this.failing.compareAndSet(true, false)) {
				logger.info("Redis answers the rate limiter again; limits are shared across instances again");
			}
			this.usage.put(clientId, new ClientUsage(clientId, plan.name(), decision.limit(), decision.remaining()));
			return decision;
		}
		catch (RuntimeException ex) {
			this.breaker.onError(this.breaker.getCurrentTimestamp() - start, this.breaker.getTimestampUnit(), ex);
			if (this.failing.compareAndSet(false, true)) {
				logger.warn("Redis rate limiter failed; falling back to '" + this.failureMode.name().toLowerCase()
						+ "' until Redis answers again: " + ex.getMessage());
			}
			return fallback(clientId, plan, plans);
		}
	}

	private RateLimitDecision evaluate(String clientId, RateLimitPlan plan) {
		List<RateLimitWindow> windows = plan.windows();
		String tag = '{' + ClientKeys.hashed(clientId) + '}';
		List<String> keys = new ArrayList<>(windows.size());
		Object[] args = new Object[2 + 2 * windows.size()];
		args[0] = this.instanceId + ':' + this.sequence.incrementAndGet();
		args[1] = isMonitorOnly() ? "1" : "0";
		for (int i = 0; i < windows.size(); i++) {
			RateLimitWindow window = windows.get(i);
			long millis = window.window().toMillis();
			keys.add(this.keyPrefix + tag + ':' + plan.name() + ':' + millis);
			args[2 + 2 * i] = Long.toString(window.limit());
			args[3 + 2 * i] = Long.toString(millis);
		}
		List<?> result = this.redis.execute(SCRIPT, keys, args);
		if (result == null || result.size() < 5) {
			throw new IllegalStateException("Unexpected answer of the rate-limit script: " + result);
		}
		boolean allowed = ((Number) result.get(0)).longValue() == 1;
		long retryAfter = ((Number) result.get(3)).longValue();
		return new RateLimitDecision(allowed, false, plan.name(), ((Number) result.get(1)).longValue(),
				((Number) result.get(2)).longValue(), allowed ? 0 : Math.max(retryAfter, 1),
				((Number) result.get(4)).longValue());
	}

	private RateLimitDecision fallback(String clientId, RateLimitPlan plan, RateLimitPlans plans) {
		long limit = plan.windows().get(0).limit();
		return switch (this.failureMode) {
			case LOCAL -> this.fallback.doCheck(clientId, plans);
			case ALLOW -> new RateLimitDecision(true, false, plan.name(), limit, limit, 0, 0);
			case DENY -> new RateLimitDecision(false, false, plan.name(), limit, 0, 1000, 1000);
		};
	}

	@Override
	public List<ClientUsage> usage(int max) {
		return this.usage.asMap()
			.values()
			.stream()
			.sorted(Comparator.comparingLong(ClientUsage::remaining).thenComparing(ClientUsage::clientId))
			.limit(max)
			.toList();
	}

	@Override
	public String getBackend() {
		return "redis";
	}

	/**
	 * Returns the circuit breaker around the Redis calls.
	 * @return the circuit breaker
	 */
	public CircuitBreaker getCircuitBreaker() {
		return this.breaker;
	}

}
