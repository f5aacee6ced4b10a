package dev.perfkit.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.redis.RedisInvalidationBus;
import dev.perfkit.test.FaultReport;
import dev.perfkit.test.LoadGenerator;
import dev.perfkit.test.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault harness: the sample on a {@code redis-server} of its own under a fixed-rate HTTP load, faults injected
 * from outside (SIGSTOP, kill and restart, the L3 file deleted), every request's latency and
 * status recorded per phase. In the build it runs short phases and asserts liveness only: every request is answered
 * within {@link #LIVENESS}. With {@code -Dperfkit.faults.report=<path of RELIABILITY.md>} it runs longer phases at a
 * higher rate and writes its tables into that file, between the {@code perfkit:fault-harness} markers:
 * <pre>
 * ./mvnw -pl sample-app -am test -Dtest=FaultHarnessTests -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dperfkit.faults.report=$PWD/RELIABILITY.md
 * </pre>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultHarnessTests {

	private static final String REPORT = System.getProperty("perfkit.faults.report");

	private static final boolean FULL = REPORT != null && !REPORT.isBlank();

	private static final Duration PHASE = FULL ? Duration.ofSeconds(10) : Duration.ofSeconds(3);

	private static final int RATE = FULL ? 50 : 25;

	private static final Duration LIVENESS = Duration.ofSeconds(10);

	/** Products read by the load: all of them fit in L2 and L3, a fifth of them in L1. */
	private static final int PRODUCTS = 500;

	private static final String START = "<!-- perfkit:fault-harness -->";

	private static final String END = "<!-- /perfkit:fault-harness -->";

	private static final List<FaultReport> reports = new ArrayList<>();

	@TempDir
	static Path directory;

	private static RedisServerProcess redis;

	private static ConfigurableApplicationContext context;

	private static URI base;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(LIVENESS).build();

	@BeforeAll
	static void start() throws IOException {
		redis = RedisServerProcess.start();
		context = new SpringApplicationBuilder(SampleApplication.class).profiles("redis")
			.run("--server.port=0", "--spring.data.redis.url=" + redis.url(),
					"--sample.database-file=" + directory.resolve("catalog.db"), "--perfkit.dashboard.enabled=false",
					// a small L1, so that most reads go to Redis and a Redis fault is felt
					"--perfkit.cache.specs.products.memory.maximum-size=" + PRODUCTS / 5,
					"--perfkit.resilience.rate-limit.limit=1000000", "--logging.level.root=WARN");
		base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
		// every product read once, so the load measures the cache's layers and not a cold database
		HttpClient warmUp = HttpClient.newHttpClient();
		for (int n = 0; n < PRODUCTS; n++) {
			try {
				warmUp.send(HttpRequest.newBuilder(base.resolve(product(n))).timeout(Duration.ofSeconds(60)).build(),
						HttpResponse.BodyHandlers.discarding());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		// then the load itself for a while, so that the first fault does not meet a cold JVM
		try (LoadGenerator load = LoadGenerator.start(base, FaultHarnessTests::product, RATE, LIVENESS)) {
			pause(PHASE.multipliedBy(2));
			load.stop();
		}
	}

	@AfterAll
	static void stop() throws IOException {
		if (context != null) {
			context.close();
		}
		if (redis != null) {
			redis.close();
		}
		if (FULL) {
			writeReport(Path.of(REPORT));
		}
		reports.forEach((report) -> System.out.println(report.toMarkdown()));
	}

	@Test
	@Order(1)
	void redisPausedWithAHealthRequestInFlight() throws Exception {
		FaultReport report = new FaultReport("Redis paused (SIGSTOP) for " + PHASE.toSeconds()
				+ " s, `/actuator/health` requested as it stops; `/api/products/{id}` at " + RATE + " requests/s");
		AtomicLong healthMillis = new AtomicLong(-1);
		run(report, FaultHarnessTests::product, () -> {
			redis.pause();
			long start = System.nanoTime();
			health().thenRun(() -> healthMillis.set((System.nanoTime() - start) / 1_000_000));
		}, redis::resume, () -> redisRecovery(report));
		report.recovery("`/actuator/health` answered", healthMillis.get());
		assertAnsweredWithinLiveness(report);
	}

	@Test
	@Order(2)
	void redisKilledAndRestarted() {
		FaultReport report = new FaultReport("Redis killed (SIGKILL), restarted empty " + PHASE.toSeconds()
				+ " s later; `/api/products/{id}` at " + RATE + " requests/s");
		run(report, FaultHarnessTests::product, redis::kill, redis::restart, () -> redisRecovery(report));
		assertAnsweredWithinLiveness(report);
	}

	@Test
	@Order(3)
	void cacheFileDeleted() throws IOException {
		Path file = Path.of(context.getEnvironment().getProperty("perfkit.cache.sqlite.path"));
		FaultReport report = new FaultReport("L3 SQLite file deleted (with its WAL); `/api/products/{id}` at " + RATE
				+ " requests/s");
		run(report, FaultHarnessTests::product, () -> {
			for (String suffix : new String[] { "", "-wal", "-shm" }) {
				try {
					Files.deleteIfExists(Path.of(file + suffix));
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}, () -> {
		}, () -> report.recovery("L3 file recreated", waitFor(() -> Files.exists(file))));
		assertAnsweredWithinLiveness(report);
	}

	private static String product(long n) {
		// the same products in turn, spread so that neighbours in time are far apart in the table
		return "/api/products/" + (1 + (n * 7919) % PRODUCTS);
	}

	private static List<LoadGenerator.Sample> run(FaultReport report, LongFunction<String> paths, Runnable inject,
			Runnable remove, Runnable recovery) {
		try (LoadGenerator load = LoadGenerator.start(base, paths, RATE, LIVENESS)) {
			report.phase("before");
			pause(PHASE);
			report.phase("during");
			inject.run();
			pause(PHASE);
			report.phase("after");
			remove.run();
			recovery.run();
			pause(PHASE);
			List<LoadGenerator.Sample> samples = load.stop();
			report.samples(samples);
			reports.add(report);
			return samples;
		}
	}

	private static void redisRecovery(FaultReport report) {
		LayeredCacheManager cacheManager = context.getBean(LayeredCacheManager.class);
		RedisInvalidationBus bus = context.getBean(RedisInvalidationBus.class);
		long losses = bus.getLosses();
		long start = System.nanoTime();
		long l1 = -1;
		long l2 = -1;
		while (System.nanoTime() - start < PHASE.toNanos() && (l1 < 0 || l2 < 0)) {
			if (l1 < 0 && bus.getLosses() > losses) {
				l1 = (System.nanoTime() - start) / 1_000_000;
			}
			if (l2 < 0 && cacheManager.getLayerStates()
				.stream()
				.anyMatch((state) -> state.name().equals("redis") && state.up()
						&& state.circuitBreaker().equals("CLOSED"))) {
				l2 = (System.nanoTime() - start) / 1_000_000;
			}
			pause(Duration.ofMillis(20));
		}
		report.recovery("L2 used again", l2);
		report.recovery("L1 dropped", l1);
	}

	private static long waitFor(BooleanSupplier condition) {
		long start = System.nanoTime();
		while (System.nanoTime() - start < PHASE.toNanos()) {
			if (condition.getAsBoolean()) {
				return (System.nanoTime() - start) / 1_000_000;
			}
			pause(Duration.ofMillis(20));
		}
		return -1;
	}

	private CompletableFuture<HttpResponse<String>> health() {
		return this.http.sendAsync(HttpRequest.newBuilder(base.resolve("/actuator/health")).timeout(LIVENESS).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static void assertAnsweredWithinLiveness(FaultReport report) {
		assertThat(report.phases()).allSatisfy((phase) -> assertThat(phase.requests()).isPositive());
		// liveness only: every request got an answer (a timeout is recorded as NO_ANSWER) within the bound
		assertThat(report.noAnswers()).as("requests without an answer within " + LIVENESS).isZero();
		assertThat(report.maxMillis()).isLessThan(LIVENESS.toMillis());
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void writeReport(Path file) throws IOException {
		StringBuilder tables = new StringBuilder(START).append('\n');
		tables.append(String.format(Locale.ROOT,
				"Generated by `FaultHarnessTests` (%d requests/s, %d s per phase; an error is a 5xx or no answer "
						+ "within %d s; recovery times count from the end of the fault):%n%n",
				RATE, PHASE.toSeconds(), LIVENESS.toSeconds()));
		for (FaultReport report : reports) {
			tables.append(report.toMarkdown()).append('\n');
		}
		tables.append(END);
		String text = Files.readString(file, StandardCharsets.UTF_8);
		int from = text.indexOf(START);
		int to = text.indexOf(END);
		String updated = (from >= 0 && to > from) ? text.substring(0, from) + tables + text.substring(to + END.length())
				: text + "\n" + tables + "\n";
		Files.writeString(file, updated, StandardCharsets.UTF_8);
	}

}
