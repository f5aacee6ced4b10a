package dev.perfkit.profiler.request;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * start and end touch shared state (a detail buffer lent from a bounded pool, a route's adders and histograms, and
 * the ring of kept requests when it is slow). Nothing stays on the thread after the request: the thread-local is
 * removed and the buffer given back, so neither a pooled thread of a closed application context nor a virtual
 * thread (one per request) keeps or allocates buffers of its own.
 * <p>
 * A failure of the profiles themselves (a hook that throws, a route listener, a trace id source) never reaches the
 * request: it is counted ({@link #getFailures()}) and logged at WARN once per incident, an incident ending with a
 * request recorded without failure at least a minute after the last one.
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

	/** Detail buffers kept for reuse, at most (as many as requests ran at once, up to this bound). */
	static final int POOLED_BUFFERS = 256;

	private static final long INCIDENT_QUIET_NANOS = Duration.ofMinutes(1).toNanos();

	private final LongAdder failures = new LongAdder();

	// one warning per incident: set by the first failure, cleared by a request recorded without failure at least
	// incidentQuietNanos after the last one, so that a failure of some requests only is not logged per request
	private final AtomicBoolean failing = new AtomicBoolean();

	private volatile long lastFailureNanos;

	long incidentQuietNanos = INCIDENT_QUIET_NANOS;

	// detail buffers given back by ended requests; taken from and given back to the lowest slots, so a scan is short
	private final AtomicReferenceArray<RequestProfile.Details> buffers = new AtomicReferenceArray<>(POOLED_BUFFERS);

	// slots below this one may hold a buffer
	private final AtomicInteger bufferSlots = new AtomicInteger();

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
		try {
			RequestProfile profile = new RequestProfile(this, this.ids.incrementAndGet(), name);
			RequestProfile.bind(profile);
			return profile;
		}
		catch (RuntimeException ex) {
			failed(ex);
			return RequestProfile.NONE;
		}
	}

	@Override
	public void onQuery(QueryRecord query, AnalyzedSql sql) {
		RequestProfile profile = RequestProfile.current();
		if (profile != null) {
			try {
				profile.statement(query, sql, System.nanoTime());
			}
			catch (RuntimeException ex) {
				profile.fail(ex);
			}
		}
	}

	@Override
	public void onNPlusOne(NPlusOneIncident incident) {
		RequestProfile profile = RequestProfile.current();
		if (profile != null) {
			profile.nPlusOne();
		}
	}

	/**
	 * Count a failure of the request profiles themselves, never of the request: logged at WARN once per incident.
	 * The hooks call it for what they catch; a caller that feeds a profile (a filter naming its request, say) calls
	 * it for what it catches.
	 * @param failure what went wrong
	 */
	public void failed(Throwable failure) {
		this.failures.increment();
		this.lastFailureNanos = System.nanoTime();
		if (this.failing.compareAndSet(false, true)) {
			logger.warn("Request profile failure (" + failure.getClass().getName()
					+ "); the request itself was not affected. Further failures are counted, not logged, until "
					+ "requests are profiled without failure again", failure);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Request profile failure (the request itself was not affected)", failure);
		}
	}

	/** Lends detail buffers to a request until its end: a pooled one when there is one. */
	RequestProfile.@Nullable Details lend() {
		int size = this.settings.maxStatements();
		if (size <= 0) {
			return null;
		}
		int slots = this.bufferSlots.get();
		for (int i = 0; i < slots; i++) {
			RequestProfile.Details details = this.buffers.get(i);
			if (details != null && this.buffers.compareAndSet(i, details, null)) {
				return details;
			}
		}
		return new RequestProfile.Details(size, size);
	}

	/** Takes back the buffers a request was lent, keeping them for the next request while the pool has room. */
	private void giveBack(RequestProfile.Details details) {
		details.clear();
		for (int i = 0; i < POOLED_BUFFERS; i++) {
			if (this.buffers.get(i) == null && this.buffers.compareAndSet(i, null, details)) {
				int slots = this.bufferSlots.get();
				while (slots <= i && !this.bufferSlots.compareAndSet(slots, i + 1)) {
					slots = this.bufferSlots.get();
				}
				return;
			}
		}
		// every slot is taken: more requests ran at once than the pool keeps, these buffers are left to the GC
	}

	/** @return detail buffers waiting in the pool for a request */
	int pooledBuffers() {
		int pooled = 0;
		for (int i = 0; i < POOLED_BUFFERS; i++) {
			if (this.buffers.get(i) != null) {
				pooled++;
			}
		}
		return pooled;
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
			profile.fail(ex);
		}
		finally {
			RequestProfile.Details details = profile.details;
			if (details != null) {
				profile.details = null;
				giveBack(details);
			}
		}
		if (!profile.failed && this.failing.get()) {
			endIncident();
		}
	}

	private void endIncident() {
		if (System.nanoTime() - this.lastFailureNanos >= this.incidentQuietNanos
				&& this.failing.compareAndSet(true, false)) {
			logger.info("Requests are profiled again without failure (" + this.failures.sum()
					+ " failure(s) since start)");
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
				try {
					listener.accept(route);
				}
				catch (RuntimeException ex) {
					// the route still records its requests
					failed(ex);
				}
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
			profile.fail(ex);
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
