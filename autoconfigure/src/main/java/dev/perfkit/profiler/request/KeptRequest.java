package dev.perfkit.profiler.request;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.perfkit.profiler.QueryRecord;
import org.jspecify.annotations.Nullable;

/**
 * A slow request kept with its story: where its time went, its statements in the order they ran (SQL text and
 * parameters masked as in the rest of the profiler), its cache reads and loads, and its guarded calls. Events share
 * one {@code sequence} so that they can be read as one timeline.
 *
 * @param id the request's sequence number
 * @param route the route or scope name
 * @param startedAt when it started
 * @param traceId its trace id, when tracing is on
 * @param breakdown where its time went
 * @param statements statements in order (at most the configured number)
 * @param cacheEvents cache reads and loads in order (at most the configured number)
 * @param guardedCalls guarded calls in order (at most the configured number)
 * @since 0.1.0
 */
public record KeptRequest(long id, String route, Instant startedAt, @Nullable String traceId, Breakdown breakdown,
		List<Statement> statements, List<CacheEvent> cacheEvents, List<GuardedCall> guardedCalls) {

	static KeptRequest of(RequestProfile profile, String route, Breakdown breakdown, @Nullable String traceId) {
		List<Statement> statements = new ArrayList<>();
		List<CacheEvent> cacheEvents = new ArrayList<>();
		List<GuardedCall> guardedCalls = new ArrayList<>();
		RequestProfile.Details details = profile.details;
		if (details != null) {
			for (int i = 0; i < details.statementCount; i++) {
				QueryRecord record = details.statements[i];
				statements.add(new Statement(details.statementSequence[i], record.getId(), record.getSql(),
						record.getOperation().name(), RouteStats.ms(record.getDurationNanos()),
						RouteStats.ms(details.statementReadNanos[i]), record.getRows(), record.getOutcome(),
						record.getParameters()));
			}
			for (int i = 0; i < details.eventCount; i++) {
				byte kind = details.eventKind[i];
				boolean load = kind == RequestProfile.LOAD || kind == RequestProfile.LOAD_FAILED;
				cacheEvents.add(new CacheEvent(details.eventSequence[i], details.eventCache[i],
						load ? null : RequestProfile.LAYERS[details.eventLayer[i]],
						switch (kind) {
							case RequestProfile.HIT -> "hit";
							case RequestProfile.MISS -> "miss";
							case RequestProfile.LOAD -> "load";
							default -> "load-failed";
						}, load ? RouteStats.ms(details.eventNanos[i]) : null));
			}
			for (int i = 0; i < details.guardCount; i++) {
				guardedCalls.add(new GuardedCall(details.guardSequence[i], details.guards[i],
						RouteStats.ms(details.guardNanos[i]), RouteStats.ms(details.guardWait[i]),
						details.guardAttempts[i], details.guardOutcome[i]));
			}
		}
		return new KeptRequest(profile.id, route, Instant.ofEpochMilli(profile.startMillis), traceId, breakdown,
				List.copyOf(statements), List.copyOf(cacheEvents), List.copyOf(guardedCalls));
	}

	/**
	 * Where a request's time went. {@code sqlMs + loadsMs + guardedMs + otherMs = wallMs}: each part excludes the
	 * parts nested in it (SQL in a load is SQL; a load in a guarded call is a load).
	 *
	 * @param wallMs wall time
	 * @param sqlMs time in SQL statements
	 * @param loadsMs time in cache loads, SQL excluded
	 * @param guardedMs time in guarded calls, SQL and loads excluded
	 * @param otherMs the rest
	 * @param sql statements
	 * @param cache cache reads and loads
	 * @param guarded guarded calls
	 * @param nPlusOneIncidents N+1 incidents detected
	 * @since 0.1.0
	 */
	public record Breakdown(double wallMs, double sqlMs, double loadsMs, double guardedMs, double otherMs,
			SqlPart sql, CachePart cache, GuardedPart guarded, int nPlusOneIncidents) {

		static Breakdown of(RequestProfile profile, long wall, long other) {
			Map<String, RouteStats.LayerDescriptor> layers = new LinkedHashMap<>();
			for (int i = 0; i < profile.gets.length; i++) {
				if (profile.gets[i] > 0) {
					layers.put(RequestProfile.LAYERS[i],
							new RouteStats.LayerDescriptor(profile.gets[i], profile.hits[i]));
				}
			}
			return new Breakdown(RouteStats.ms(wall), RouteStats.ms(profile.sqlNanos),
					RouteStats.ms(profile.loadSelfNanos), RouteStats.ms(profile.guardedSelfNanos),
					RouteStats.ms(other),
					new SqlPart(profile.statements, RouteStats.ms(profile.sqlNanos), RouteStats.ms(profile.readNanos),
							profile.distinctFingerprints, profile.rows()),
					new CachePart(layers, profile.loads, profile.loadFailures, RouteStats.ms(profile.loadNanos)),
					new GuardedPart(profile.guardedCalls, RouteStats.ms(profile.guardedNanos),
							RouteStats.ms(profile.guardWaitNanos), profile.guardRejections),
					profile.nPlusOne);
		}

	}

	/**
	 * A request's SQL.
	 *
	 * @param statements statements run
	 * @param timeMs time in them: their execution and the reading of their rows
	 * @param readMs of that time, the part spent reading rows ({@code ResultSet.next()})
	 * @param distinctFingerprints distinct normalised statements (exact up to 64)
	 * @param rows rows affected or read
	 * @since 0.1.0
	 */
	public record SqlPart(int statements, double timeMs, double readMs, int distinctFingerprints, long rows) {

	}

	/**
	 * A request's cache reads and loads.
	 *
	 * @param layers reads per layer: those that reached it and those it answered
	 * @param loads loads (a loader or a {@code @Cacheable} method after a miss)
	 * @param loadFailures loads that threw
	 * @param loadMs time in loads, SQL in them included
	 * @since 0.1.0
	 */
	public record CachePart(Map<String, RouteStats.LayerDescriptor> layers, int loads, int loadFailures,
			double loadMs) {

	}

	/**
	 * A request's guarded calls.
	 *
	 * @param calls calls made through a guard
	 * @param timeMs time in them, nested parts included
	 * @param waitMs time before their first attempt started: rate limit, throttle, bulkhead, breaker, or the whole
	 * call when refused
	 * @param rejections calls the guard refused
	 * @since 0.1.0
	 */
	public record GuardedPart(int calls, double timeMs, double waitMs, int rejections) {

	}

	/**
	 * One statement of a kept request.
	 *
	 * @param sequence its place in the request's timeline
	 * @param queryId its id in the profiler's history ({@code /actuator/profiler/queries/{id}} while it is there)
	 * @param sql SQL text, or its fingerprint when it names a sensitive column
	 * @param operation SELECT, INSERT...
	 * @param durationMs duration of its execution, as the SQL profiler records it
	 * @param readMs time the request spent reading its rows ({@code ResultSet.next()}), also SQL time
	 * @param rows rows affected or read
	 * @param outcome {@code success} or {@code error}
	 * @param parameters parameter values, masked where sensitive, when captured
	 * @since 0.1.0
	 */
	public record Statement(int sequence, long queryId, String sql, String operation, double durationMs, double readMs,
			long rows, String outcome, @Nullable List<String> parameters) {

	}

	/**
	 * One cache read or load of a kept request.
	 *
	 * @param sequence its place in the request's timeline
	 * @param cache the cache
	 * @param layer the layer read, {@code null} for a load
	 * @param event {@code hit}, {@code miss}, {@code load} or {@code load-failed}
	 * @param durationMs duration of a load
	 * @since 0.1.0
	 */
	public record CacheEvent(int sequence, String cache, @Nullable String layer, String event,
			@Nullable Double durationMs) {

	}

	/**
	 * One guarded call of a kept request.
	 *
	 * @param sequence its place in the request's timeline
	 * @param guard the guard
	 * @param durationMs duration, waits and retries included
	 * @param waitMs time before the first attempt
	 * @param attempts attempts made (more than 1 after retries, 0 when refused, -1 for a call nested in another
	 * guarded call, whose attempts are not told apart)
	 * @param outcome {@code success}, {@code error} or {@code rejected}
	 * @since 0.1.0
	 */
	public record GuardedCall(int sequence, String guard, double durationMs, double waitMs, int attempts,
			String outcome) {

	}

}
