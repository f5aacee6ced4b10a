package dev.perfkit.resilience.ratelimit;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * In-process per-client limiter. Counts live in a Caffeine map bounded to a maximum number of clients (Caffeine's
 * W-TinyLFU evicts the least valuable first, so a flood of one-off ids does not push out regular clients), so memory
 * stays bounded however many client ids arrive — unlike a map of one Resilience4j limiter per client, which only
 * grows. The map has no time-based expiry: it would cost every check a clock read and an access-order update.
 * <p>
 * Each window is a sliding-window counter: the count of the current fixed window plus the count of the previous one
 * weighted by how much of it still overlaps the sliding window. That costs two counters per window instead of one
 * timestamp per call, and errs by at most a fraction of a call per window boundary. Windows start at a client's
 * first call. The clock is a nanosecond source, so tests can drive it.
 *
 * @since 0.1.0
 */
public class LocalClientRateLimiter extends ClientRateLimiter {

	private final Cache<String, ClientState> clients;

	private final LongSupplier nanoClock;

	/**
	 * Creates a limiter on the system clock.
	 * @param plans the plans
	 * @param monitorOnly whether to let calls over the limit through, counting them as monitored
	 * @param maxClients maximum number of clients held in memory
	 */
	public LocalClientRateLimiter(RateLimitPlans plans, boolean monitorOnly, int maxClients) {
		this(plans, monitorOnly, maxClients, System::nanoTime);
	}

	/**
	 * Creates a limiter on a given clock.
	 * @param plans the plans
	 * @param monitorOnly whether to let calls over the limit through, counting them as monitored
	 * @param maxClients maximum number of clients held in memory
	 * @param nanoClock the clock, in nanoseconds, like {@link System#nanoTime()}
	 */
	public LocalClientRateLimiter(RateLimitPlans plans, boolean monitorOnly, int maxClients, LongSupplier nanoClock) {
		super(plans, monitorOnly, Math.min(maxClients, 10_000));
		this.nanoClock = nanoClock;
		this.clients = Caffeine.newBuilder().maximumSize(maxClients).build();
	}

	@Override
	protected RateLimitDecision doCheck(String clientId, RateLimitPlans plans) {
		ClientState state = this.clients.get(clientId, (key) -> new ClientState());
		long now = this.nanoClock.getAsLong();
		synchronized (state) {
			if (state.plans != plans) {
				state.reset(plans, plans.planFor(clientId), now);
			}
			return state.check(now, isMonitorOnly());
		}
	}

	@Override
	public List<ClientUsage> usage(int max) {
		long now = this.nanoClock.getAsLong();
		return this.clients.asMap()
			.entrySet()
			.stream()
			.map((entry) -> usageOf(entry, now))
			.sorted(Comparator.comparingLong((ClientUsage usage) -> usage.remaining())
				.thenComparing(ClientUsage::clientId))
			.limit(max)
			.toList();
	}

	private static ClientUsage usageOf(Map.Entry<String, ClientState> entry, long now) {
		ClientState state = entry.getValue();
		synchronized (state) {
			return state.usage(entry.getKey(), now);
		}
	}

	/**
	 * Returns the number of clients currently held in memory.
	 * @return the number of clients
	 */
	public long size() {
		this.clients.cleanUp();
		return this.clients.estimatedSize();
	}

	@Override
	public String getBackend() {
		return "local";
	}

	/**
	 * Counts of one client; guarded by its own monitor.
	 */
	private static final class ClientState {

		private RateLimitPlans plans;

		private RateLimitPlan plan;

		private long[] limits = new long[0];

		private long[] lengths = new long[0];

		private long[] starts = new long[0];

		private long[] current = new long[0];

		private long[] previous = new long[0];

		void reset(RateLimitPlans plans, RateLimitPlan plan, long now) {
			this.plans = plans;
			if (plan.equals(this.plan)) {
				return;
			}
			this.plan = plan;
			int windows = plan.windows().size();
			this.limits = new long[windows];
			this.lengths = new long[windows];
			this.starts = new long[windows];
			this.current = new long[windows];
			this.previous = new long[windows];
			for (int i = 0; i < windows; i++) {
				RateLimitWindow window = plan.windows().get(i);
				this.limits[i] = window.limit();
				this.lengths[i] = window.window().toNanos();
				this.starts[i] = now;
			}
		}

		RateLimitDecision check(long now, boolean monitorOnly) {
			boolean allowed = true;
			int tightest = 0;
			long tightestRemaining = Long.MAX_VALUE;
			long retryAfter = 0;
			for (int i = 0; i < this.limits.length; i++) {
				roll(i, now);
				long used = used(i, now);
				long remaining = this.limits[i] - used - 1;
				if (remaining < 0) {
					allowed = false;
					retryAfter = Math.max(retryAfter, retryAfter(i, now));
				}
				if (remaining < tightestRemaining) {
					tightestRemaining = remaining;
					tightest = i;
				}
			}
			if (allowed || monitorOnly) {
				for (int i = 0; i < this.current.length; i++) {
					this.current[i]++;
				}
			}
			long reset = toMillis(this.starts[tightest] + this.lengths[tightest] - now);
			return new RateLimitDecision(allowed, false, this.plan.name(), this.limits[tightest],
					Math.max(tightestRemaining, 0), allowed ? 0 : Math.max(toMillis(retryAfter), 1), reset);
		}

		ClientUsage usage(String clientId, long now) {
			long tightestRemaining = Long.MAX_VALUE;
			long limit = 0;
			for (int i = 0; i < this.limits.length; i++) {
				roll(i, now);
				long remaining = Math.max(this.limits[i] - used(i, now), 0);
				if (remaining < tightestRemaining) {
					tightestRemaining = remaining;
					limit = this.limits[i];
				}
			}
			return new ClientUsage(clientId, this.plan.name(), limit, tightestRemaining);
		}

		private void roll(int i, long now) {
			long length = this.lengths[i];
			long elapsed = now - this.starts[i];
			if (elapsed < length) {
				return;
			}
			long periods = elapsed / length;
			this.previous[i] = (periods == 1) ? this.current[i] : 0;
			this.current[i] = 0;
			this.starts[i] += periods * length;
		}

		private long used(int i, long now) {
			long previous = this.previous[i];
			if (previous == 0) {
				return this.current[i];
			}
			double overlap = (double) (this.lengths[i] - (now - this.starts[i])) / this.lengths[i];
			return (long) (previous * overlap) + this.current[i];
		}

		// nanoseconds until one more call fits in window i (the used count is floored, so strictly past the point)
		private long retryAfter(int i, long now) {
			long length = this.lengths[i];
			long elapsed = now - this.starts[i];
			long limit = this.limits[i];
			long current = this.current[i];
			if (current >= limit) {
				// wait for the next window, then for the weight of this one to fall far enough
				double fraction = Math.max(0.0, 1.0 - (double) limit / current);
				return (length - elapsed) + (long) Math.ceil(length * fraction) + 1;
			}
			double fraction = 1.0 - (double) (limit - current) / this.previous[i];
			return Math.max((long) Math.ceil(length * fraction) - elapsed + 1, 1);
		}

		private static long toMillis(long nanos) {
			return (nanos + 999_999) / 1_000_000;
		}

	}

}
