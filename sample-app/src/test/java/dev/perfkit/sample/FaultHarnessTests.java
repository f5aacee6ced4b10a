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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.redis.RedisInvalidationBus;
import dev.perfkit.test.FaultReport;
import dev.perfkit.test.LoadGenerator;
import dev.perfkit.test.ReadOnlyFiles;
import dev.perfkit.test.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault harness: the sample on a {@code redis-server} of its own under a fixed-rate HTTP load, faults injected
 * from outside (SIGSTOP, kill and restart, the L3 file deleted or made read-only, the downstream failing), every
 * request's latency and
 * status recorded per phase. In the build it runs short phases and asserts liveness only: every request is answered
 * within {@link #LIVENESS}. With {@code -Dperfkit.faults.report=<path of RELIABILITY.md>} it runs longer phases at a
 * higher rate and writes its tables into that file, between the {@code perfkit:fault-harness} markers:
 * <pre>
 * ./mvnw -pl sample-app -am test -Dtest=FaultHarnessTests -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dperfkit.faults.report=$PWD/RELIABILITY.md
 * </pre>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
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

	/** Products no request read before: each is loaded from the database and written to every layer. */
	private static final AtomicLong freshProducts = new AtomicLong(PRODUCTS);

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
	@Order(4)
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

	@Test
	@Order(3)
	void cacheFileReadOnly(CapturedOutput output) {
		// before cacheFileDeleted: the layer recreates a deleted file only at its next purge
		Path file = Path.of(context.getEnvironment().getProperty("perfkit.cache.sqlite.path"));
		assertThat(file).exists();
		// not the -shm file: SQLite writes it through a shared memory map, where a write fault is a SIGBUS that ends the
		// JVM (see SqliteCacheLayerReadOnlyTests)
		Path[] files = { file, Path.of(file + "-wal"), file.toAbsolutePath().getParent() };
		LayeredCacheManager cacheManager = context.getBean(LayeredCacheManager.class);
		long failuresBefore = sqliteState(cacheManager).failures();
		int logFrom = output.getOut().length();
		FaultReport report = new FaultReport("L3 SQLite file made read-only (`" + ReadOnlyFiles.how() + "` on the file, its "
				+ "WAL and its folder) for " + PHASE.toSeconds() + " s; `/api/products/{id}` at " + RATE
				+ " requests/s, every other one a product not read before (loaded and written to every layer)");
		AtomicReference<JsonNode> healthDuring = new AtomicReference<>();
		AtomicLong healthMillis = new AtomicLong(-1);
		AtomicLong recovered = new AtomicLong();
		List<LoadGenerator.Sample> samples;
		try {
			samples = run(report, FaultHarnessTests::productOrFresh, () -> {
				ReadOnlyFiles.makeReadOnly(files);
				long start = System.nanoTime();
				// health over HTTP, as an operator would ask it, until it names the read-only file
				CompletableFuture.runAsync(() -> {
					while (System.nanoTime() - start < PHASE.toNanos() && healthDuring.get() == null) {
						JsonNode sqlite = sqliteHealth();
						if (sqlite != null && "DOWN".equals(sqlite.path("status").asString())) {
							healthDuring.set(sqlite);
							healthMillis.set((System.nanoTime() - start) / 1_000_000);
						}
						pause(Duration.ofMillis(100));
					}
				});
			}, () -> ReadOnlyFiles.makeWritable(files), () -> {
				long size = cacheManager.getLayerSize("products", "sqlite");
				report.recovery("L3 written again", waitFor(() -> {
					LayeredCacheManager.LayerState state = sqliteState(cacheManager);
					return state.up() && state.circuitBreaker().equals("CLOSED")
							&& cacheManager.getLayerSize("products", "sqlite") > size;
				}, LIVENESS));
				recovered.set(System.nanoTime());
			});
		}
		finally {
			ReadOnlyFiles.makeWritable(files);
		}
		report.recovery("health showed the L3 layer DOWN", healthMillis.get());
		assertAnsweredWithinLiveness(report);
		// L1 and L2 (and the database for new products) served every request: no errors in any phase
		assertThat(report.phases()).allSatisfy((phase) -> assertThat(phase.errors()).as(phase.name()).isZero());
		assertThat(samples).allSatisfy((sample) -> assertThat(sample.status()).isEqualTo(200));
		// said so in health, with the reason
		assertThat(healthDuring.get()).as("health during the fault").isNotNull();
		assertThat(healthDuring.get().path("error").asString()).containsAnyOf("is read-only", "is not writable");
		// counted, and said once in the log for the whole incident
		assertThat(sqliteState(cacheManager).failures()).isGreaterThan(failuresBefore);
		String log = output.getOut().substring(logFrom);
		assertThat(log.split("Layered cache layer 'sqlite' failed", -1)).hasSize(2);
		// recovered: written again, health UP
		assertThat(recovered.get()).isPositive();
		assertThat(report.toMarkdown()).doesNotContain("L3 written again: not seen");
		assertThat(sqliteHealth().path("status").asString()).isEqualTo("UP");
	}

	@Test
	@Order(5)
	void downstreamFailing() {
		CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).circuitBreaker("downstream");
		setDownstreamFailureRate("0.0");
		breaker.reset();
		FaultReport report = new FaultReport("Downstream failing (every guarded call throws) for " + PHASE.toSeconds()
				+ " s; `/api/downstream?key=…` (a guarded call with a circuit breaker) at " + RATE + " requests/s");
		AtomicReference<HttpResponse<String>> refusal = new AtomicReference<>();
		AtomicLong recovered = new AtomicLong();
		List<LoadGenerator.Sample> samples = run(report, (n) -> "/api/downstream?key=k" + n, () -> {
			setDownstreamFailureRate("1.0");
			long start = System.nanoTime();
			// what a client gets once the breaker has opened
			CompletableFuture.runAsync(() -> {
				while (System.nanoTime() - start < PHASE.toNanos() && refusal.get() == null) {
					HttpResponse<String> response = send("/api/downstream?key=probe");
					if (response != null && response.statusCode() == 503) {
						refusal.set(response);
					}
					pause(Duration.ofMillis(100));
				}
			});
		}, () -> setDownstreamFailureRate("0.0"), () -> {
			report.recovery("breaker closed", waitFor(() -> breaker.getState() == CircuitBreaker.State.CLOSED,
					LIVENESS.multipliedBy(2)));
			recovered.set(System.nanoTime());
		});
		setDownstreamFailureRate("0.3");
		assertAnsweredWithinLiveness(report);
		// before: every request answered before the fault was injected succeeded (one sent before but still in flight
		// when the downstream started failing gets the failure, which is right)
		long faultStart = report.phaseStart("during");
		assertThat(samples.stream().filter((sample) -> sample.startNanos() + sample.latencyNanos() - faultStart < 0))
			.isNotEmpty()
			.allSatisfy((sample) -> assertThat(sample.status()).isEqualTo(200));
		// the open breaker answers at once: 503, Retry-After from its remaining open time, a problem body
		HttpResponse<String> refused = refusal.get();
		assertThat(refused).as("a 503 while the breaker is open").isNotNull();
		assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 5L);
		assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(refused.body()).contains("\"status\":503");
		long during = report.phaseStart("during");
		assertThat(samples.stream().filter((sample) -> sample.startNanos() - during >= 0)
			.filter((sample) -> sample.startNanos() - report.phaseStart("after") < 0))
			.extracting(LoadGenerator.Sample::status)
			.contains(503)
			.allSatisfy((status) -> assertThat(status).isIn(200, 502, 503));
		// recovered: the breaker closed, and every request sent afterwards answered
		assertThat(report.toMarkdown()).doesNotContain("breaker closed: not seen");
		assertThat(samples.stream().filter((sample) -> sample.startNanos() - recovered.get() > 0))
			.isNotEmpty()
			.allSatisfy((sample) -> assertThat(sample.status()).isEqualTo(200));
	}

	private static String productOrFresh(long n) {
		return (n % 2 == 0) ? product(n) : "/api/products/" + freshProducts.incrementAndGet();
	}

	private static LayeredCacheManager.LayerState sqliteState(LayeredCacheManager cacheManager) {
		return cacheManager.getLayerStates()
			.stream()
			.filter((state) -> state.name().equals("sqlite"))
			.findFirst()
			.orElseThrow();
	}

	private static JsonNode sqliteHealth() {
		HttpResponse<String> response = send("/actuator/health/layeredcache");
		if (response == null) {
			return null;
		}
		JsonNode sqlite = JsonMapper.shared().readTree(response.body()).path("details").path("layers").path("sqlite");
		return sqlite.isMissingNode() ? null : sqlite;
	}

	private static void setDownstreamFailureRate(String value) {
		try {
			HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(base.resolve("/api/downstream/failure-rate?value=" + value))
					.PUT(HttpRequest.BodyPublishers.noBody())
					.timeout(LIVENESS)
					.build(), HttpResponse.BodyHandlers.discarding());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static HttpResponse<String> send(String path) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(base.resolve(path)).timeout(LIVENESS).build(),
						HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
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
		return waitFor(condition, PHASE);
	}

	private static long waitFor(BooleanSupplier condition, Duration bound) {
		long start = System.nanoTime();
		while (System.nanoTime() - start < bound.toNanos()) {
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
