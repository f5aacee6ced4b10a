package dev.perfkit.benchmarks.resilience;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.perfkit.resilience.ratelimit.RateLimitPlans;
import dev.perfkit.resilience.ratelimit.RateLimitWindow;
import dev.perfkit.resilience.ratelimit.RedisClientRateLimiter;
import dev.perfkit.resilience.ratelimit.RedisFailureMode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A per-client check of the Redis-backed limiter against a dedicated {@code redis-server} (started by the benchmark
 * on a free port, so nothing else counts), next to Bucket4j's Lettuce integration ({@code bucket4j_jdk17-lettuce},
 * compare-and-swap proxy manager, one bucket per client) on the same server: the latency of a check, and the number
 * of Redis commands — round trips — per check, counted on the client by a Lettuce {@code CommandListener}, printed at
 * the end of the run and appended to the extras file ({@code -Dperfkit.bench.extras}, default
 * {@code benchmarks/target/extras.properties}) that the report reads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class RedisRateLimiterBenchmark {

	private static final int CLIENTS = 1024;

	private final String[] clients = new String[CLIENTS];

	private final LongAdder checks = new LongAdder();

	private Process server;

	private Path directory;

	private LettuceConnectionFactory connectionFactory;

	private RedisClientRateLimiter limiter;

	private long commandsBefore;

	private long sentBefore;

	private long evalsBefore;

	private final LongAdder commandsSent = new LongAdder();

	private final byte[][] bucket4jKeys = new byte[CLIENTS][];

	private RedisClient bucket4jClient;

	private StatefulRedisConnection<byte[], byte[]> bucket4jConnection;

	private LettuceBasedProxyManager<byte[]> bucket4j;

	private BucketConfiguration bucket4jConfiguration;

	@Setup
	public void setUp() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		this.directory = Files.createTempDirectory("perfkit-bench-redis");
		this.server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--dir", this.directory.toString())
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("redis.log").toFile())
			.start();
		this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		this.connectionFactory.afterPropertiesSet();
		((AbstractRedisClient) this.connectionFactory.getNativeClient()).addListener(new CommandListener() {
			@Override
			public void commandStarted(CommandStartedEvent event) {
				RedisRateLimiterBenchmark.this.commandsSent.increment();
			}
		});
		this.connectionFactory.start();
		awaitServer();
		for (int i = 0; i < CLIENTS; i++) {
			this.clients[i] = "client-" + i;
		}
		this.limiter = new RedisClientRateLimiter(
				RateLimitPlans.of(new RateLimitWindow(1_000_000_000L, Duration.ofSeconds(2))), false, 10_000,
				new StringRedisTemplate(this.connectionFactory), "bench:", CircuitBreaker.ofDefaults("redis"),
				RedisFailureMode.DENY);
		this.bucket4jClient = RedisClient.create(RedisURI.create("127.0.0.1", port));
		this.bucket4jClient.addListener(new CommandListener() {
			@Override
			public void commandStarted(CommandStartedEvent event) {
				RedisRateLimiterBenchmark.this.commandsSent.increment();
			}
		});
		this.bucket4jConnection = this.bucket4jClient.connect(ByteArrayCodec.INSTANCE);
		this.bucket4j = Bucket4jLettuce.casBasedBuilder(this.bucket4jConnection)
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
			.build();
		this.bucket4jConfiguration = BucketConfiguration.builder()
			.addLimit(Bandwidth.builder()
				.capacity(1_000_000_000L)
				.refillGreedy(1_000_000_000L, Duration.ofSeconds(2))
				.build())
			.build();
		for (int i = 0; i < CLIENTS; i++) {
			this.bucket4jKeys[i] = ("bench:bucket4j:client-" + i).getBytes(StandardCharsets.UTF_8);
		}
		// loads the script (EVALSHA, then EVAL on NOSCRIPT) before counting starts
		this.limiter.check("warm-up");
		this.bucket4j.builder().build("bench:bucket4j:warm-up".getBytes(StandardCharsets.UTF_8),
				() -> this.bucket4jConfiguration).tryConsume(1);
		this.evalsBefore = scriptCalls();
		this.sentBefore = this.commandsSent.sum();
		this.commandsBefore = commandsProcessed();
	}

	private void awaitServer() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (true) {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				connection.ping();
				return;
			}
			catch (RuntimeException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Thread.sleep(50);
			}
		}
	}

	private long commandsProcessed() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Properties stats = connection.serverCommands().info("stats");
			return Long.parseLong(stats.getProperty("total_commands_processed").trim());
		}
	}

	private long scriptCalls() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Properties stats = connection.serverCommands().info("commandstats");
			return calls(stats, "cmdstat_evalsha") + calls(stats, "cmdstat_eval");
		}
	}

	private static long calls(Properties stats, String command) {
		String line = stats.getProperty(command);
		if (line == null) {
			return 0;
		}
		String calls = line.substring(line.indexOf("calls=") + 6);
		return Long.parseLong(calls.substring(0, calls.indexOf(',')));
	}

	@TearDown
	public void tearDown(BenchmarkParams params) throws IOException {
		long checks = this.checks.sum();
		// the INFO that read the server-side baseline is not a check
		long sent = this.commandsSent.sum() - this.sentBefore - 1;
		long processed = commandsProcessed() - this.commandsBefore - 1;
		long scripts = scriptCalls() - this.evalsBefore;
		System.out.printf("%nRedis round trips per check (commands the client sent): %.4f (%d for %d checks)%n",
				(double) sent / checks, sent, checks);
		System.out.printf("Script calls (EVALSHA + EVAL) per check, server side: %.4f%n", (double) scripts / checks);
		System.out.printf("Commands processed per check, server side, including the script's own calls: %.4f%n",
				(double) processed / checks);
		String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
		Path extras = Path.of(System.getProperty("perfkit.bench.extras", "benchmarks/target/extras.properties"));
		if (extras.getParent() != null && Files.isDirectory(extras.getParent())) {
			Files.writeString(extras, String.format(java.util.Locale.ROOT, "roundTripsPerCheck.%s=%.4f%n", method,
					(double) sent / checks), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		this.bucket4jConnection.close();
		this.bucket4jClient.shutdown();
		this.connectionFactory.destroy();
		this.server.destroy();
	}

	@Benchmark
	public boolean perfkitRedisCheck(ClientIndex index) {
		this.checks.increment();
		return this.limiter.check(this.clients[index.next()]).allowed();
	}

	@Benchmark
	public boolean bucket4jLettuceCheck(ClientIndex index) {
		this.checks.increment();
		int client = index.next();
		return this.bucket4j.builder()
			.build(this.bucket4jKeys[client], () -> this.bucket4jConfiguration)
			.tryConsume(1);
	}

	/** Per-thread client cursor. */
	@State(Scope.Thread)
	public static class ClientIndex {

		private int next = (int) (Thread.currentThread().getId() * 131 % CLIENTS);

		int next() {
			this.next = (this.next + 1) & (CLIENTS - 1);
			return this.next;
		}

	}

}
