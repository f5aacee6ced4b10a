package dev.perfkit.resilience.ratelimit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.util.Assert;
import org.springframework.util.PatternMatchUtils;

/**
 * The plans of a rate limiter: a default plan and overrides selected by client-id patterns ({@code *} matches any
 * characters, for example {@code premium-*}), tried in the order they were configured. Immutable: a change produces
 * new plans.
 *
 * @since 0.1.0
 */
public final class RateLimitPlans {

	private final RateLimitPlan defaultPlan;

	private final Map<String, RateLimitPlan> overrides;

	private final String[] patterns;

	private final RateLimitPlan[] patternPlans;

	/**
	 * Creates plans.
	 * @param defaultPlan the plan for clients no pattern matches
	 * @param overrides plans by client pattern, in matching order; each plan is named after its pattern
	 */
	public RateLimitPlans(RateLimitPlan defaultPlan, Map<String, RateLimitPlan> overrides) {
		this.defaultPlan = defaultPlan;
		this.overrides = new LinkedHashMap<>(overrides);
		this.patterns = overrides.keySet().toArray(String[]::new);
		this.patternPlans = overrides.values().toArray(RateLimitPlan[]::new);
	}

	/**
	 * Creates plans with one default window and no overrides.
	 * @param window the window of the default plan
	 * @return the plans
	 */
	public static RateLimitPlans of(RateLimitWindow window) {
		return new RateLimitPlans(new RateLimitPlan(RateLimitPlan.DEFAULT, List.of(window)), Map.of());
	}

	/**
	 * Returns the plan that applies to a client.
	 * @param clientId the client id
	 * @return the first plan whose pattern matches, or the default plan
	 */
	public RateLimitPlan planFor(String clientId) {
		for (int i = 0; i < this.patterns.length; i++) {
			if (PatternMatchUtils.simpleMatch(this.patterns[i], clientId)) {
				return this.patternPlans[i];
			}
		}
		return this.defaultPlan;
	}

	/**
	 * Returns the default plan.
	 * @return the default plan
	 */
	public RateLimitPlan getDefaultPlan() {
		return this.defaultPlan;
	}

	/**
	 * Returns every plan, the default first.
	 * @return the plans
	 */
	public List<RateLimitPlan> all() {
		List<RateLimitPlan> all = new ArrayList<>(this.overrides.size() + 1);
		all.add(this.defaultPlan);
		all.addAll(this.overrides.values());
		return all;
	}

	/**
	 * Returns the names of every plan, the default first.
	 * @return the plan names
	 */
	public List<String> names() {
		return all().stream().map(RateLimitPlan::name).toList();
	}

	/**
	 * Returns plans with the windows of one existing plan replaced.
	 * @param name the name of an existing plan
	 * @param windows its new windows
	 * @return the new plans
	 * @throws IllegalArgumentException if no plan has that name
	 */
	public RateLimitPlans withWindows(String name, List<RateLimitWindow> windows) {
		RateLimitPlan plan = new RateLimitPlan(name, windows);
		if (this.defaultPlan.name().equals(name)) {
			return new RateLimitPlans(plan, this.overrides);
		}
		Assert.isTrue(this.overrides.containsKey(name), () -> "No rate-limit plan named '" + name + "'");
		Map<String, RateLimitPlan> overrides = new LinkedHashMap<>(this.overrides);
		overrides.put(name, plan);
		return new RateLimitPlans(this.defaultPlan, overrides);
	}

}
