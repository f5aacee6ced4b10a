package dev.perfkit.resilience.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.perfkit.resilience.ratelimit.RateLimitPlan;
import dev.perfkit.resilience.ratelimit.RateLimitPlans;
import dev.perfkit.resilience.ratelimit.RateLimitWindow;

/** Builds rate-limit plans from {@code perfkit.resilience.rate-limit.*}. */
final class RateLimitPlansFactory {

	private RateLimitPlansFactory() {
	}

	static RateLimitPlans plans(ResilienceProperties.RateLimit properties) {
		RateLimitPlan defaultPlan = new RateLimitPlan(RateLimitPlan.DEFAULT,
				windows(properties.getLimit(), properties.getWindow(), properties.getWindows()));
		Map<String, RateLimitPlan> overrides = new LinkedHashMap<>();
		properties.getClients().forEach((pattern, client) -> {
			long limit = (client.getLimit() != null) ? client.getLimit() : properties.getLimit();
			Duration window = (client.getWindow() != null) ? client.getWindow() : properties.getWindow();
			overrides.put(pattern, new RateLimitPlan(pattern, windows(limit, window, client.getWindows())));
		});
		return new RateLimitPlans(defaultPlan, overrides);
	}

	private static List<RateLimitWindow> windows(long limit, Duration window,
			List<ResilienceProperties.Window> more) {
		List<RateLimitWindow> windows = new ArrayList<>();
		windows.add(new RateLimitWindow(limit, window));
		more.forEach((extra) -> windows.add(new RateLimitWindow(extra.getLimit(), extra.getWindow())));
		return windows;
	}

}
