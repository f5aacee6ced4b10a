package dev.perfkit.profiler.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import dev.perfkit.profiler.request.RequestProfiles;
import dev.perfkit.profiler.request.RouteStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer meters of request profiles, one set per route (tag {@code route}: {@code GET /api/orders/{id}}, a
 * scope's name, or {@code other}; bounded by {@code perfkit.profiler.requests.max-routes}): function timers
 * {@code perfkit.request.sql}, {@code perfkit.request.cache.loads}, {@code perfkit.request.guarded} and
 * {@code perfkit.request.other} (count: requests of the route; total: the time of that part, exclusive, so that the
 * four add up to the wall time), and function counters {@code perfkit.request.sql.statements} and
 * {@code perfkit.request.n-plus-one}; and one function counter {@code perfkit.request.profile.failures} of the
 * failures of the profiles themselves (never of the requests). Nothing is recorded on the request path: meters read
 * the route's totals.
 *
 * @since 0.1.0
 */
public class RequestProfileMetrics {

	private final MeterRegistry registry;

	private final RequestProfiles profiles;

	/**
	 * Register the meters of every route, now and as routes appear.
	 * @param registry the registry
	 * @param profiles the request profiles
	 */
	public RequestProfileMetrics(MeterRegistry registry, RequestProfiles profiles) {
		this.registry = registry;
		this.profiles = profiles;
		FunctionCounter
			.builder("perfkit.request.profile.failures", profiles, RequestProfiles::getFailures)
			.description("Failures of request profiles themselves; the requests were not affected")
			.register(registry);
		profiles.onRoute((route) -> register(route.getRoute()));
	}

	private void register(String route) {
		timer("perfkit.request.sql", "Time of requests in SQL statements", route, RouteStats::getSqlNanos);
		timer("perfkit.request.cache.loads", "Time of requests in cache loads, SQL in them excluded", route,
				RouteStats::getLoadNanos);
		timer("perfkit.request.guarded", "Time of requests in guarded calls, SQL and loads in them excluded", route,
				RouteStats::getGuardedNanos);
		timer("perfkit.request.other", "Time of requests outside SQL, cache loads and guarded calls", route,
				RouteStats::getOtherNanos);
		counter("perfkit.request.sql.statements", "SQL statements run by requests", route,
				RouteStats::getStatements);
		counter("perfkit.request.n-plus-one", "N+1 query patterns detected in requests", route,
				RouteStats::getNPlusOne);
	}

	private void timer(String name, String description, String route, ToLongFunction<RouteStats> nanos) {
		FunctionTimer.builder(name, this.profiles, (profiles) -> read(profiles, route, RouteStats::getCount),
				(profiles) -> read(profiles, route, nanos), TimeUnit.NANOSECONDS)
			.description(description)
			.tag("route", route)
			.register(this.registry);
	}

	private void counter(String name, String description, String route, ToLongFunction<RouteStats> count) {
		ToDoubleFunction<RequestProfiles> value = (profiles) -> read(profiles, route, count);
		FunctionCounter.builder(name, this.profiles, value)
			.description(description)
			.tag("route", route)
			.register(this.registry);
	}

	private static long read(RequestProfiles profiles, String route, ToLongFunction<RouteStats> value) {
		RouteStats stats = profiles.route(route);
		return (stats != null) ? value.applyAsLong(stats) : 0;
	}

}
