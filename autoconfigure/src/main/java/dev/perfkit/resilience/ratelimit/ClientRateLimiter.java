package dev.perfkit.resilience.ratelimit;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Per-client sliding-window rate limiter. Each client id is on one {@link RateLimitPlan plan} (chosen by pattern),
 * and a call is allowed when every window of the plan has room. Subclasses hold the counts: in process
 * ({@link LocalClientRateLimiter}) or in Redis ({@link RedisClientRateLimiter}).
 * <p>
 * In monitor-only mode a call over the limit is counted as {@code monitored} and let through. Plans can be changed
 * while the application runs; counts are kept per configured plan name, never per client id, so they can be meter
 * tags. The clients refused most often are tracked in a bounded map.
 *
 * @since 0.1.0
 */
public abstract class ClientRateLimiter {

	/** Client id used when a caller has none. */
	public static final String ANONYMOUS = "anonymous";

	private final boolean monitorOnly;

	private volatile RateLimitPlans plans;

	private volatile Map<String, PlanCounters> counters;

	private final Cache<String, LongAdder> rejectedClients;

	/**
	 * Creates a limiter.
	 * @param plans the plans
	 * @param monitorOnly whether to let calls over the limit through, counting them as monitored
	 * @param trackedClients maximum number of clients whose rejections are tracked
	 */
	protected ClientRateLimiter(RateLimitPlans plans, boolean monitorOnly, int trackedClients) {
		this.plans = plans;
		this.monitorOnly = monitorOnly;
		this.counters = countersFor(plans, Map.of());
		this.rejectedClients = Caffeine.newBuilder().maximumSize(trackedClients).build();
	}

	/**
	 * Checks a call of a client and, if it is allowed, counts it.
	 * @param clientId the client id; blank means {@value #ANONYMOUS}
	 * @return the decision
	 */
	public final RateLimitDecision check(String clientId) {
		String id = (clientId.isEmpty()) ? ANONYMOUS : clientId;
		RateLimitDecision decision = doCheck(id, this.plans);
		PlanCounters planCounters = this.counters.get(decision.plan());
		if (decision.allowed()) {
			if (planCounters != null) {
				planCounters.allowed.increment();
			}
			return decision;
		}
		this.rejectedClients.get(id, (key) -> new LongAdder()).increment();
		if (this.monitorOnly) {
			if (planCounters != null) {
				planCounters.monitored.increment();
			}
			return decision.asMonitored();
		}
		if (planCounters != null) {
			planCounters.rejected.increment();
		}
		return decision;
	}

	/**
	 * Checks a call against the windows of the client's plan and counts it in every window when all have room (or
	 * always, when {@link #isMonitorOnly() monitoring only}).
	 * @param clientId the client id, never blank
	 * @param plans the current plans
	 * @return the decision, not yet adjusted for monitor-only mode
	 */
	protected abstract RateLimitDecision doCheck(String clientId, RateLimitPlans plans);

	/**
	 * Returns the clients using most of their limit, as far as this limiter can see them.
	 * @param max the maximum number of clients to return
	 * @return usage of the busiest clients
	 */
	public abstract List<ClientUsage> usage(int max);

	/**
	 * Returns the name of the backend holding the counts.
	 * @return {@code local} or {@code redis}
	 */
	public abstract String getBackend();

	/**
	 * Returns the current plans.
	 * @return the plans
	 */
	public RateLimitPlans getPlans() {
		return this.plans;
	}

	/**
	 * Replaces the windows of an existing plan. Clients on the plan start counting afresh in the new windows.
	 * @param name the plan name
	 * @param windows the new windows
	 * @throws IllegalArgumentException if no plan has that name
	 */
	public synchronized void updatePlan(String name, List<RateLimitWindow> windows) {
		RateLimitPlans updated = this.plans.withWindows(name, windows);
		this.counters = countersFor(updated, this.counters);
		this.plans = updated;
	}

	/**
	 * Whether calls over the limit are let through and only counted.
	 * @return whether the limiter only monitors
	 */
	public boolean isMonitorOnly() {
		return this.monitorOnly;
	}

	/**
	 * Returns the number of calls of a plan with a given result.
	 * @param plan the plan name
	 * @param result the result
	 * @return the count, 0 for an unknown plan
	 */
	public long count(String plan, Result result) {
		PlanCounters planCounters = this.counters.get(plan);
		if (planCounters == null) {
			return 0;
		}
		return switch (result) {
			case ALLOWED -> planCounters.allowed.sum();
			case REJECTED -> planCounters.rejected.sum();
			case MONITORED -> planCounters.monitored.sum();
		};
	}

	/**
	 * Returns the clients refused most often.
	 * @param max the maximum number of clients to return
	 * @return client ids with their refusal counts, most refused first
	 */
	public List<ClientRejections> topRejected(int max) {
		return this.rejectedClients.asMap()
			.entrySet()
			.stream()
			.map((entry) -> new ClientRejections(entry.getKey(), entry.getValue().sum()))
			.sorted(Comparator.comparingLong(ClientRejections::rejected).reversed())
			.limit(max)
			.toList();
	}

	private static Map<String, PlanCounters> countersFor(RateLimitPlans plans, Map<String, PlanCounters> existing) {
		Map<String, PlanCounters> counters = new HashMap<>();
		for (String name : plans.names()) {
			counters.put(name, existing.getOrDefault(name, new PlanCounters()));
		}
		return Map.copyOf(counters);
	}

	/**
	 * Result of a rate-limit check, as counted.
	 */
	public enum Result {

		/** The call had room and went ahead. */
		ALLOWED,

		/** The call was over the limit and refused. */
		REJECTED,

		/** The call was over the limit and let through because the limiter only monitors. */
		MONITORED

	}

	/**
	 * How much of its limit a client uses, in its tightest window.
	 *
	 * @param clientId the client id
	 * @param plan the plan name
	 * @param limit the limit of the tightest window
	 * @param remaining calls left in that window
	 */
	public record ClientUsage(String clientId, String plan, long limit, long remaining) {

	}

	/**
	 * How often a client was refused.
	 *
	 * @param clientId the client id
	 * @param rejected number of refused calls since the client was first tracked
	 */
	public record ClientRejections(String clientId, long rejected) {

	}

	private static final class PlanCounters {

		private final LongAdder allowed = new LongAdder();

		private final LongAdder rejected = new LongAdder();

		private final LongAdder monitored = new LongAdder();

	}

}
