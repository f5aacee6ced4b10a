package dev.perfkit.profiler.request;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.perfkit.profiler.AnalyzedSql;
import dev.perfkit.profiler.NPlusOneIncident;
import dev.perfkit.profiler.QueryObserver;
import dev.perfkit.profiler.QueryRecord;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Request profiles: for each HTTP request (see {@code RequestProfileFilter}) or other unit of work opened with
 * {@link #scope(String)}, where its wall time went — SQL, cache loads, guarded calls, the rest — aggregated per
 * route (bounded by {@link RequestProfileSettings#maxRoutes()}, the rest under {@code other}), with the slowest
 * requests kept with their statements, cache events and guarded calls.
 * <p>
 * A request is recorded on its own thread into a {@link RequestProfile} reached through a thread-local; only its
 * end touches shared state (a route's adders and histograms, and the ring of kept requests when it is slow).
 *
 * @since 0.1.0
 */
public final class RequestProfiles implements QueryObserver {

	/** Route of the requests beyond {@link RequestProfileSettings#maxRoutes()}. */
	public static final String OTHER = "other";

	private static final Log logger = LogFactory.getLog(RequestProfiles.class);

	private final RequestProfileSettings settings;

	private volatile long slowNanos;

	private volatile boolean enabled = true;

	private final AtomicLong ids = new AtomicLong();

	private final ConcurrentHashMap<String, RouteStats> routes = new ConcurrentHashMap<>();

	private final AtomicReferenceArray<KeptRequest> kept;

	private final AtomicLong keptSequence = new AtomicLong();

	private final LongAdder failures = new LongAdder();

	private final ThreadLocal<RequestProfile.Details> details = new ThreadLocal<>();

	private final List<Consumer<RouteStats>> routeListeners = new CopyOnWriteArrayList<>();

	private volatile Supplier<@Nullable String> traceIds = () -> null;

	/**
	 * Create request profiles.
	 * @param settings the settings
	 */
	public RequestProfiles(RequestProfileSettings settings) {
		this.settings = settings;
		this.slowNanos = settings.slowThreshold().toNanos();
		this.kept = new AtomicReferenceArray<>(Math.max(1, settings.keptSize()));
		RequestProfile.install();
	}

	/** @return the settings */
	public RequestProfileSettings getSettings() {
		return this.settings;
	}

	/** @return wall time at or above which a request is kept, as set now */
	public Duration getSlowThreshold() {
		return Duration.ofNanos(this.slowNanos);
	}

	/**
	 * Change the wall time at or above which a request is kept, at run time (to catch the requests of one
	 * investigation, say).
	 * @param threshold the threshold, 0 to keep every request
	 */
	public void setSlowThreshold(Duration threshold) {
		if (threshold.isNegative()) {
			throw new IllegalArgumentException("threshold must not be negative");
		}
		this.slowNanos = threshold.toNanos();
	}

	/** @return whether new requests are profiled */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Switch profiling of new requests on or off.
	 * @param enabled whether to profile
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Where kept requests find their trace id: called on the request's thread as it ends, only for a kept request.
	 * @param traceIds supplies the current trace id, or {@code null}
	 */
	public void setTraceIds(Supplier<@Nullable String> traceIds) {
		this.traceIds = traceIds;
	}

	/**
	 * Be told of each route as it is first seen (and of those already seen): how metrics register their meters.
	 * @param listener the listener
	 */
	public void onRoute(Consumer<RouteStats> listener) {
		this.routeListeners.add(listener);
		this.routes.values().forEach(listener);
	}

	/**
	 * Open a profile for a unit of work on the current thread — a scheduled job, a message — as HTTP requests get
	 * one from the filter: use it in try-with-resources, and close it on the thread that opened it. Profiles do not
	 * nest: inside a request or another scope this returns a handle whose close does nothing, and the work counts
	 * in the enclosing profile.
	 * @param name the unit of work's name, its route in the aggregates: a bounded set of names, never an id
	 * @return the profile, to close when the work ends
	 */
	public RequestProfile scope(String name) {
		if (!this.enabled || RequestProfile.current() != null) {
			return RequestProfile.NONE;
		}
		RequestProfile profile = new RequestProfile(this, this.ids.incrementAndGet(), name);
		RequestProfile.bind(profile);
		return profile;
	}

	@Override
	public void onQuery(QueryRecord query, AnalyzedSql sql) {
		RequestProfile profile = RequestProfile.current();
		if (profile != null) {
			profile.statement(query, sql, System.nanoTime());
		}
	}

	@Override
	public void onNPlusOne(NPlusOneIncident incident) {
		RequestProfile profile = RequestProfile.current();
		if (profile != null) {
			profile.nPlusOne();
		}
	}

	RequestProfile.@Nullable Details details() {
		if (this.settings.maxStatements() <= 0) {
			return null;
		}
		RequestProfile.Details details = this.details.get();
		if (details == null) {
			details = new RequestProfile.Details(this.settings.maxStatements(), this.settings.maxStatements());
			this.details.set(details);
		}
		return details;
	}

	void end(RequestProfile profile) {
		long wall = System.nanoTime() - profile.startNanos;
		RequestProfile.bind(null);
		try {
			long sql = profile.sqlNanos;
			long loads = profile.loadSelfNanos;
			long guarded = profile.guardedSelfNanos;
			long other = Math.max(0, wall - sql - loads - guarded);
			String name = profile.name;
			routeOf(name).record(profile, wall, sql, loads, guarded, other);
			if (wall >= this.slowNanos && this.settings.keptSize() > 0) {
				keep(profile, name, wall, other);
			}
		}
		catch (RuntimeException ex) {
			this.failures.increment();
			if (logger.isDebugEnabled()) {
				logger.debug("Request profile failure (the request itself was not affected)", ex);
			}
		}
		finally {
			RequestProfile.Details details = profile.details;
			if (details != null) {
				details.clear();
				profile.details = null;
			}
		}
	}

	private RouteStats routeOf(String name) {
		RouteStats route = this.routes.get(name);
		if (route != null) {
			return route;
		}
		String key = (this.routes.size() < this.settings.maxRoutes()) ? name : OTHER;
		boolean[] created = new boolean[1];
		route = this.routes.computeIfAbsent(key, (routeName) -> {
			created[0] = true;
			return new RouteStats(routeName, this.settings.maxRouteStatements());
		});
		if (created[0]) {
			for (Consumer<RouteStats> listener : this.routeListeners) {
				listener.accept(route);
			}
		}
		return route;
	}

	private void keep(RequestProfile profile, String name, long wall, long other) {
		String traceId = null;
		try {
			traceId = this.traceIds.get();
		}
		catch (RuntimeException ex) {
			// no trace id, the rest of the request is still worth keeping
		}
		KeptRequest request = KeptRequest.of(profile, name, KeptRequest.Breakdown.of(profile, wall, other), traceId);
		long sequence = this.keptSequence.incrementAndGet();
		this.kept.set((int) (sequence % this.kept.length()), request);
	}

	// ---- read side ----

	/**
	 * Routes, those with the most total wall time first.
	 * @param limit the maximum number of routes
	 * @param topStatements the number of statements listed per route
	 * @return the routes
	 */
	public List<RouteStats.RouteDescriptor> routes(int limit, int topStatements) {
		List<RouteStats> all = new ArrayList<>(this.routes.values());
		all.sort(Comparator.comparingLong(RouteStats::getWallNanos).reversed());
		return all.stream().limit(Math.max(0, limit)).map((route) -> route.describe(topStatements)).toList();
	}

	/**
	 * The kept requests, slowest first, without their details.
	 * @return summaries of the kept requests
	 */
	public List<KeptSummary> kept() {
		List<KeptSummary> summaries = new ArrayList<>();
		for (int i = 0; i < this.kept.length(); i++) {
			KeptRequest request = this.kept.get(i);
			if (request != null) {
				summaries.add(new KeptSummary(request.id(), request.route(), request.startedAt(),
						request.breakdown().wallMs(), request.breakdown().sql().statements(), request.traceId()));
			}
		}
		summaries.sort(Comparator.comparingDouble(KeptSummary::wallMs).reversed());
		return summaries;
	}

	/**
	 * One kept request.
	 * @param id its id
	 * @return the request, or {@code null} when it is not (or no longer) kept
	 */
	public @Nullable KeptRequest kept(long id) {
		for (int i = 0; i < this.kept.length(); i++) {
			KeptRequest request = this.kept.get(i);
			if (request != null && request.id() == id) {
				return request;
			}
		}
		return null;
	}

	/**
	 * One route's totals.
	 * @param route the route
	 * @return its totals, or {@code null} when it has none (yet, or since a reset)
	 */
	public @Nullable RouteStats route(String route) {
		return this.routes.get(route);
	}

	/** @return requests profiled since start or the last reset */
	public long getRequests() {
		return this.routes.values().stream().mapToLong(RouteStats::getCount).sum();
	}

	/** @return failures of the profiles themselves (never of the requests) */
	public long getFailures() {
		return this.failures.sum();
	}

	/**
	 * Forget every route and kept request.
	 */
	public void reset() {
		this.routes.clear();
		for (int i = 0; i < this.kept.length(); i++) {
			this.kept.set(i, null);
		}
	}

	/**
	 * A kept request in the list.
	 *
	 * @param id its id, for {@code /actuator/profiler/requests/{id}}
	 * @param route its route
	 * @param startedAt when it started
	 * @param wallMs its wall time
	 * @param statements its statements
	 * @param traceId its trace id, when tracing is on
	 * @since 0.1.0
	 */
	public record KeptSummary(long id, String route, Instant startedAt, double wallMs, int statements,
			@Nullable String traceId) {

	}

}
