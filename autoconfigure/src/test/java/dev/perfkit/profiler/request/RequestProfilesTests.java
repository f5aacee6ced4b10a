package dev.perfkit.profiler.request;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.perfkit.autoconfigure.InvalidPerfkitPropertyFailureAnalyzer;
import dev.perfkit.autoconfigure.PerfkitAutoConfiguration;
import dev.perfkit.cache.LayeredCache;
import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.autoconfigure.LayeredCacheAutoConfiguration;
import dev.perfkit.profiler.QueryProfiler;
import dev.perfkit.profiler.autoconfigure.ProfilerAutoConfiguration;
import dev.perfkit.profiler.autoconfigure.RequestProfileAutoConfiguration;
import dev.perfkit.profiler.autoconfigure.RequestProfileMetricsAutoConfiguration;
import dev.perfkit.profiler.metrics.RequestProfileMetrics;
import dev.perfkit.resilience.guard.Guard;
import dev.perfkit.resilience.guard.GuardRegistry;
import dev.perfkit.resilience.guard.GuardSpec;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.within;

/**
 * Request profiles on real components: statements on H2 and on a SQLite file through the profiled pool, the layered
 * cache's memory layer, guards built by the guard registry.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestProfilesTests {

	@TempDir
	static Path temp;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PerfkitAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, ProfilerAutoConfiguration.class,
				RequestProfileAutoConfiguration.class, CacheAutoConfiguration.class,
				LayeredCacheAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"perfkit.cache.sqlite.enabled=false", "perfkit.profiler.requests.slow-threshold=0ms",
				"perfkit.profiler.n-plus-one.threshold=3");

	@Test
	void statementsOfAScopeAreCountedTimedAndKeptInOrder() {
		this.contextRunner.run((context) -> {
			JdbcTemplate jdbc = schema(context);
			RequestProfiles profiles = context.getBean(RequestProfiles.class);
			long id;
			try (RequestProfile profile = profiles.scope("nightly-report")) {
				id = profile.getId();
				jdbc.queryForList("SELECT name FROM item WHERE id = ?", 1);
				jdbc.queryForList("SELECT name FROM item WHERE id = ?", 2);
				jdbc.update("UPDATE item SET name = ? WHERE id = ?", "b", 2);
				assertThat(profile.getStatements()).isEqualTo(3);
			}
			KeptRequest kept = profiles.kept(id);
			assertThat(kept).isNotNull();
			assertThat(kept.route()).isEqualTo("nightly-report");
			assertThat(kept.breakdown().sql().statements()).isEqualTo(3);
			assertThat(kept.breakdown().sql().distinctFingerprints()).isEqualTo(2);
			assertThat(kept.breakdown().sql().rows()).isEqualTo(3);
			assertThat(kept.statements()).extracting(KeptRequest.Statement::operation)
				.containsExactly("SELECT", "SELECT", "UPDATE");
			assertThat(kept.statements()).extracting(KeptRequest.Statement::sequence).isSorted();
			assertThat(kept.breakdown().sqlMs()).isPositive();
			assertPartsAddUp(kept.breakdown());
			RouteStats.RouteDescriptor route = profiles.routes(10, 5).get(0);
			assertThat(route.route()).isEqualTo("nightly-report");
			assertThat(route.count()).isEqualTo(1);
			assertThat(route.statements()).isEqualTo(3);
			assertThat(route.topStatements()).hasSize(2);
			assertThat(route.topStatements()).extracting(RouteStats.StatementDescriptor::calls)
				.containsExactlyInAnyOrder(2L, 1L);
		});
	}

	@Test
	void nPlusOneIncidentsCountInTheProfileAndItsRoute() {
		this.contextRunner.run((context) -> {
			JdbcTemplate jdbc = schema(context);
			RequestProfiles profiles = context.getBean(RequestProfiles.class);
			QueryProfiler profiler = context.getBean(QueryProfiler.class);
			try (RequestProfile profile = profiles.scope("orders");
					QueryProfiler.Scope scope = profiler.openScope("orders")) {
				for (int i = 1; i <= 4; i++) {
					jdbc.queryForList("SELECT name FROM item WHERE id = ?", i);
				}
			}
			RouteStats.RouteDescriptor route = profiles.routes(10, 5).get(0);
			assertThat(route.nPlusOneIncidents()).isEqualTo(1);
			assertThat(route.topStatements().get(0).perRequest()).isEqualTo(4.0);
		});
	}

	@Test
	void memoryHitIsCountedAndALoadIsTimedWithoutItsSql() {
		this.contextRunner.run((context) -> {
			JdbcTemplate jdbc = schema(context);
			RequestProfiles profiles = context.getBean(RequestProfiles.class);
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("items");
			assertThat(cache).isNotNull();
			long first;
			try (RequestProfile profile = profiles.scope("load")) {
				first = profile.getId();
				cache.get(1L, () -> jdbc.queryForObject("SELECT name FROM item WHERE id = ?", String.class, 1));
			}
			long second;
			try (RequestProfile profile = profiles.scope("hit")) {
				second = profile.getId();
				cache.get(1L, () -> jdbc.queryForObject("SELECT name FROM item WHERE id = ?", String.class, 1));
			}
			KeptRequest load = profiles.kept(first);
			assertThat(load.breakdown().cache().loads()).isEqualTo(1);
			assertThat(load.breakdown().cache().layers().get("memory").gets()).isEqualTo(1);
			assertThat(load.breakdown().cache().layers().get("memory").hits()).isZero();
			assertThat(load.breakdown().sql().statements()).isEqualTo(1);
			// the load's own time excludes its statement, which counts as SQL
			assertThat(load.breakdown().cache().loadMs()).isGreaterThanOrEqualTo(load.breakdown().sqlMs());
			assertThat(load.breakdown().loadsMs())
				.isLessThanOrEqualTo(load.breakdown().cache().loadMs() - load.breakdown().sqlMs() + 0.002);
			assertThat(load.cacheEvents()).extracting(KeptRequest.CacheEvent::event).containsExactly("miss", "load");
			assertThat(load.cacheEvents().get(1).sequence()).isGreaterThan(load.statements().get(0).sequence());
			assertPartsAddUp(load.breakdown());
			KeptRequest hit = profiles.kept(second);
			assertThat(hit.breakdown().cache().layers().get("memory").hits()).isEqualTo(1);
			assertThat(hit.breakdown().cache().loads()).isZero();
			assertThat(hit.breakdown().sql().statements()).isZero();
			assertThat(hit.cacheEvents()).singleElement()
				.satisfies((event) -> assertThat(event.layer()).isEqualTo("memory"))
				.satisfies((event) -> assertThat(event.event()).isEqualTo("hit"));
		});
	}

	@Test
	void memoryHitsAllocateNothingInsideOrOutsideAProfile() {
		this.contextRunner.run((context) -> {
			RequestProfiles profiles = context.getBean(RequestProfiles.class);
			LayeredCache cache = context.getBean(LayeredCacheManager.class).getLayeredCache("hits");
			Long key = 42L;
			cache.put(key, "value");
			com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
				.getThreadMXBean();
			int hits = 200_000;
			long[] outside = new long[1];
			long[] inside = new long[1];
			for (int round = 0; round < 3; round++) {
				long before = threads.getCurrentThreadAllocatedBytes();
				for (int i = 0; i < hits; i++) {
					cache.get(key);
				}
				outside[0] = threads.getCurrentThreadAllocatedBytes() - before;
				try (RequestProfile profile = profiles.scope("hits")) {
					before = threads.getCurrentThreadAllocatedBytes();
					for (int i = 0; i < hits; i++) {
						cache.get(key);
					}
					inside[0] = threads.getCurrentThreadAllocatedBytes() - before;
				}
			}
			// under 0.1 B per hit: the hot-key sampling of 1 hit in many, never bytes per hit
			assertThat(outside[0]).as("bytes for %d hits outside a profile", hits).isLessThan(hits / 10);
			assertThat(inside[0]).as("bytes for %d hits inside a profile", hits).isLessThan(hits / 10);
			assertThat(profiles.route("hits").describe(0).cache().get("memory").hits()).isEqualTo(3L * hits);
		});
	}

	@Test
	void readingRowsCountsAsSqlTime() {
		Path file = temp.resolve("rows-" + UUID.randomUUID() + ".db");
		this.contextRunner.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + file).run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.execute("CREATE TABLE reading (id INTEGER PRIMARY KEY, name TEXT)");
			jdbc.update("INSERT INTO reading (id, name) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
					+ "WHERE i < 5000) SELECT i, 'name ' || i FROM n");
			RequestProfiles profiles = context.getBean(RequestProfiles.class);
			long id;
			long[] read = new long[1];
			try (RequestProfile profile = profiles.scope("report")) {
				id = profile.getId();
				// SQLite steps through its result in ResultSet.next(), after the statement's execute returned
				jdbc.query("SELECT id, name FROM reading", (RowCallbackHandler) (row) -> read[0]++);
			}
			assertThat(read[0]).isEqualTo(5000);
			KeptRequest kept = profiles.kept(id);
			assertThat(kept).isNotNull();
			KeptRequest.Statement statement = kept.statements().get(0);
			assertThat(kept.statements()).singleElement().isSameAs(statement);
			assertThat(statement.rows()).isEqualTo(5000);
			assertThat(statement.readMs()).isPositive();
			// the SQL part is the execution and the reading of the rows, not the execution alone
			assertThat(kept.breakdown().sqlMs()).isGreaterThan(statement.durationMs());
			assertThat(kept.breakdown().sqlMs()).isCloseTo(statement.durationMs() + statement.readMs(), within(0.002));
			assertThat(kept.breakdown().sql().readMs()).isEqualTo(statement.readMs());
			assertPartsAddUp(kept.breakdown());
			RouteStats.StatementDescriptor top = profiles.routes(10, 5).get(0).topStatements().get(0);
			assertThat(top.totalMs()).isCloseTo(kept.breakdown().sqlMs(), within(0.002));
		});
	}

	@Test
	void aThreadKeepsNothingOfAProfileOnceItEnds() throws InterruptedException {
		// a thread that lives on after its unit of work, as a pooled thread outlives the application context that
		// profiled its requests: whatever the profile left on it would keep the context's classes reachable
		AtomicReference<RequestProfiles> handOff = new AtomicReference<>(
				new RequestProfiles(RequestProfileSettings.defaults()));
		List<WeakReference<Object>> left = new CopyOnWriteArrayList<>();
		CountDownLatch done = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread thread = new Thread(() -> {
			profileOnce(handOff, left);
			done.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "pooled-request-thread");
		thread.start();
		try {
			assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(left).hasSize(3).allSatisfy((reference) -> assertThat(reference.get()).isNotNull());
			Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				System.gc();
				assertThat(left).allSatisfy((reference) -> assertThat(reference.get()).isNull());
			});
		}
		finally {
			release.countDown();
			thread.join();
		}
	}

	/** One profile with a cache read (so that it borrows detail buffers); its profiles, profile and buffers weakly. */
	private static void profileOnce(AtomicReference<RequestProfiles> handOff, List<WeakReference<Object>> left) {
		RequestProfiles profiles = handOff.getAndSet(null);
		try (RequestProfile profile = profiles.scope("job")) {
			RequestProfile.cacheRead("items", RequestProfile.MEMORY, true);
			assertThat(profile.details).isNotNull();
			left.add(new WeakReference<>(profiles));
			left.add(new WeakReference<>(profile));
			left.add(new WeakReference<>(profile.details));
		}
	}

	@Test
	void requestsOnThreadsOfTheirOwnReuseTheSameBuffers() throws InterruptedException {
		// as on virtual threads, one per request: the buffers come from the profiles' pool, not from each thread
		RequestProfiles profiles = new RequestProfiles(RequestProfileSettings.defaults());
		Set<Object> buffers = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
		for (int i = 0; i < 20; i++) {
			Thread thread = new Thread(() -> {
				try (RequestProfile profile = profiles.scope("job")) {
					RequestProfile.cacheRead("items", RequestProfile.MEMORY, true);
					buffers.add(profile.details);
				}
			});
			thread.start();
			thread.join();
		}
		assertThat(buffers).hasSize(1);
		assertThat(profiles.pooledBuffers()).isEqualTo(1);
		assertThat(profiles.route("job").getCount()).isEqualTo(20);
	}

	@Test
	void buffersOfRequestsRunningAtOnceArePooledUpToTheBound() throws InterruptedException {
		RequestProfiles profiles = new RequestProfiles(RequestProfileSettings.defaults());
		int threads = RequestProfiles.POOLED_BUFFERS + 20;
		CountDownLatch started = new CountDownLatch(threads);
		CountDownLatch end = new CountDownLatch(1);
		List<Thread> running = new CopyOnWriteArrayList<>();
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(() -> {
				try (RequestProfile profile = profiles.scope("burst")) {
					RequestProfile.cacheRead("items", RequestProfile.MEMORY, true);
					started.countDown();
					end.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			running.add(thread);
			thread.start();
		}
		assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
		assertThat(profiles.pooledBuffers()).isZero();
		end.countDown();
		for (Thread thread : running) {
			thread.join();
		}
		assertThat(profiles.pooledBuffers()).isEqualTo(RequestProfiles.POOLED_BUFFERS);
		assertThat(profiles.route("burst").getCount()).isEqualTo(threads);
	}

	@Test
	void failuresOfTheProfilesAreCountedLoggedOncePerIncidentAndNeverReachTheRequest(CapturedOutput output) {
		RequestProfiles profiles = new RequestProfiles(RequestProfileSettings.defaults().withSlowThreshold(Duration.ZERO));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new RequestProfileMetrics(registry, profiles);
		profiles.onRoute((route) -> {
			if (route.getRoute().equals("refused")) {
				throw new IllegalStateException("a listener of new routes refused " + route.getRoute());
			}
		});
		// failures while recording: a hook told of a layer the profile has no slot for
		for (int i = 0; i < 3; i++) {
			try (RequestProfile profile = profiles.scope("job")) {
				assertThatNoException().isThrownBy(() -> RequestProfile.cacheRead("items", 7, true));
			}
		}
		// a failure while completing
		assertThatNoException().isThrownBy(() -> profiles.scope("refused").close());
		assertThat(profiles.getFailures()).isEqualTo(4);
		assertThat(registry.get("perfkit.request.profile.failures").functionCounter().count()).isEqualTo(4);
		assertThat(profiles.route("job").getCount()).isEqualTo(3);
		assertThat(profiles.route("refused").getCount()).isEqualTo(1);
		assertThat(RequestProfile.current()).isNull();
		assertThat(warnings(output)).isEqualTo(1);
		// a request recorded without failure, a quiet period after the last failure, ends the incident
		profiles.scope("job").close();
		assertThat(output.getOut()).doesNotContain("Requests are profiled again");
		profiles.incidentQuietNanos = 0;
		profiles.scope("job").close();
		assertThat(output.getOut()).contains("Requests are profiled again without failure (4 failure(s) since start)");
		try (RequestProfile profile = profiles.scope("job")) {
			RequestProfile.cacheRead("items", 7, true);
		}
		assertThat(warnings(output)).isEqualTo(2);
		assertThat(profiles.getFailures()).isEqualTo(5);
	}

	private static long warnings(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.contains("WARN")
				&& line.contains("Request profile failure (java.lang.")).count();
	}

	@Test
	void guardedCallsAreTimedWithAttemptsAndRefusalsCounted() {
		this.contextRunner.withUserConfiguration(GuardConfiguration.class).run((context) -> {
			JdbcTemplate jdbc = schema(context);
			RequestProfiles profiles = context.getBean(RequestProfiles.class);
			GuardRegistry guards = context.getBean(GuardRegistry.class);
			Guard retried = guards.guard("retried");
			Guard broken = guards.guard("broken");
			broken.getCircuitBreaker().transitionToForcedOpenState();
			long id;
			try (RequestProfile profile = profiles.scope("downstream")) {
				id = profile.getId();
				int[] calls = new int[1];
				String answer = retried.call("", () -> {
					if (calls[0]++ == 0) {
						throw new IllegalStateException("first attempt fails");
					}
					return jdbc.queryForObject("SELECT name FROM item WHERE id = ?", String.class, 1);
				});
				assertThat(answer).isEqualTo("a");
				assertThatExceptionOfType(CallNotPermittedException.class)
					.isThrownBy(() -> broken.call("", () -> "never"));
			}
			KeptRequest kept = profiles.kept(id);
			assertThat(kept.breakdown().guarded().calls()).isEqualTo(2);
			assertThat(kept.breakdown().guarded().rejections()).isEqualTo(1);
			assertThat(kept.guardedCalls()).extracting(KeptRequest.GuardedCall::guard).containsExactly("retried",
					"broken");
			assertThat(kept.guardedCalls()).extracting(KeptRequest.GuardedCall::attempts).containsExactly(2, 0);
			assertThat(kept.guardedCalls()).extracting(KeptRequest.GuardedCall::outcome).containsExactly("success",
					"rejected");
			// the statement inside the guarded call is SQL, not guarded time
			assertThat(kept.breakdown().guarded().timeMs()).isGreaterThanOrEqualTo(kept.breakdown().guardedMs());
			assertThat(kept.breakdown().sql().statements()).isEqualTo(1);
			assertPartsAddUp(kept.breakdown());
		});
	}

	@Test
	void scopesDoNotNestAndRoutesBeyondTheBoundFoldIntoOther() {
		this.contextRunner.withPropertyValues("perfkit.profiler.requests.max-routes=1").run((context) -> {
			RequestProfiles profiles = context.getBean(RequestProfiles.class);
			try (RequestProfile outer = profiles.scope("first")) {
				RequestProfile inner = profiles.scope("inner");
				assertThat(inner).isNotSameAs(outer);
				inner.close();
				assertThat(RequestProfile.current()).isSameAs(outer);
			}
			assertThat(RequestProfile.current()).isNull();
			profiles.scope("second").close();
			profiles.scope("third").close();
			assertThat(profiles.routes(10, 0)).extracting(RouteStats.RouteDescriptor::route)
				.containsExactlyInAnyOrder("first", RequestProfiles.OTHER);
			assertThat(profiles.route(RequestProfiles.OTHER).getCount()).isEqualTo(2);
		});
	}

	@Test
	void slowThresholdDecidesWhatIsKept() {
		this.contextRunner.withPropertyValues("perfkit.profiler.requests.slow-threshold=1h").run((context) -> {
			RequestProfiles profiles = context.getBean(RequestProfiles.class);
			profiles.scope("fast").close();
			assertThat(profiles.kept()).isEmpty();
			assertThat(profiles.getRequests()).isEqualTo(1);
		});
	}

	@Test
	void metersPerRouteReadTheRouteTotals() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(RequestProfileMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				JdbcTemplate jdbc = schema(context);
				RequestProfiles profiles = context.getBean(RequestProfiles.class);
				try (RequestProfile profile = profiles.scope("metered")) {
					jdbc.queryForList("SELECT name FROM item WHERE id = ?", 1);
				}
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("perfkit.request.sql").tag("route", "metered").functionTimer().count())
					.isEqualTo(1);
				assertThat(registry.get("perfkit.request.sql.statements")
					.tag("route", "metered")
					.functionCounter()
					.count()).isEqualTo(1);
				assertThat(registry.get("perfkit.request.other").tag("route", "metered").functionTimer().count())
					.isEqualTo(1);
			});
	}

	@Test
	void nothingWhenDisabled() {
		this.contextRunner.withPropertyValues("perfkit.profiler.requests.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RequestProfiles.class));
	}

	@Test
	void invalidPropertiesFailStartUpNamingTheProperty() {
		for (String property : List.of("perfkit.profiler.requests.kept-size=-1",
				"perfkit.profiler.requests.max-routes=0", "perfkit.profiler.requests.slow-threshold=-1s")) {
			this.contextRunner.withPropertyValues(property).run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidPerfkitPropertyFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains(property.substring(0, property.indexOf('=')));
			});
		}
	}

	private static void assertPartsAddUp(KeptRequest.Breakdown breakdown) {
		double parts = breakdown.sqlMs() + breakdown.loadsMs() + breakdown.guardedMs() + breakdown.otherMs();
		// each part is rounded to the microsecond
		assertThat(parts).isBetween(breakdown.wallMs() - 0.005, breakdown.wallMs() + 0.005);
	}

	private static JdbcTemplate schema(AssertableApplicationContext context) {
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		jdbc.execute("CREATE TABLE IF NOT EXISTS item (id INT PRIMARY KEY, name VARCHAR(40))");
		jdbc.update("MERGE INTO item KEY (id) VALUES (1, 'a')");
		jdbc.update("MERGE INTO item KEY (id) VALUES (2, 'b')");
		return jdbc;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class GuardConfiguration {

		@Bean(destroyMethod = "destroy")
		GuardRegistry guardRegistry() {
			RetryRegistry retries = RetryRegistry
				.of(RetryConfig.custom().maxAttempts(2).waitDuration(Duration.ofMillis(1)).build());
			return new GuardRegistry(
					Map.of("retried", new GuardSpec(null, false, false, null, null, "default"), "broken",
							new GuardSpec("broken", false, false, null, null, null)),
					null, null, CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), retries,
					TimeLimiterRegistry.ofDefaults());
		}

	}

}
