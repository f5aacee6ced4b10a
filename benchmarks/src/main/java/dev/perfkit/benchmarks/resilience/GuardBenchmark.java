package dev.perfkit.benchmarks.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.perfkit.resilience.guard.Guard;
import dev.perfkit.resilience.guard.GuardRegistry;
import dev.perfkit.resilience.guard.GuardSpec;
import dev.perfkit.resilience.ratelimit.LocalClientRateLimiter;
import dev.perfkit.resilience.ratelimit.RateLimitPlans;
import dev.perfkit.resilience.ratelimit.RateLimitWindow;
import dev.perfkit.resilience.throttle.Throttle;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
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

/**
 * A call through Perfkit's guard (throttle + circuit breaker + local per-client limit over 1,024 clients) against
 * the raw Resilience4j decorator chain a user would otherwise write (rate limiter + circuit breaker), and against
 * the call alone. Limits are set high enough that no call is refused: this is the cost of a permitted call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class GuardBenchmark {

	private static final int CLIENTS = 1024;

	private final String[] clients = new String[CLIENTS];

	private final Supplier<String> call = () -> "result";

	private Supplier<String> rawChain;

	private Guard guard;

	private GuardRegistry guards;

	@Setup
	public void setUp() {
		for (int i = 0; i < CLIENTS; i++) {
			this.clients[i] = "client-" + i;
		}
		RateLimiterConfig unlimited = RateLimiterConfig.custom()
			.limitForPeriod(Integer.MAX_VALUE)
			.limitRefreshPeriod(Duration.ofSeconds(1))
			.timeoutDuration(Duration.ZERO)
			.build();
		RateLimiter rateLimiter = RateLimiter.of("raw", unlimited);
		CircuitBreaker breaker = CircuitBreaker.ofDefaults("raw");
		this.rawChain = CircuitBreaker.decorateSupplier(breaker, RateLimiter.decorateSupplier(rateLimiter, this.call));

		Throttle throttle = new Throttle(RateLimiterRegistry.ofDefaults(), new Throttle.Settings(Integer.MAX_VALUE,
				false, 1, Integer.MAX_VALUE, Duration.ofSeconds(1), 1.0, 1.0, 0.5, 1, Duration.ZERO, 10), () -> 0.0);
		LocalClientRateLimiter limiter = new LocalClientRateLimiter(
				RateLimitPlans.of(new RateLimitWindow(Long.MAX_VALUE / 4, Duration.ofMinutes(1))), false, 100_000);
		this.guards = new GuardRegistry(Map.of("bench", new GuardSpec("bench", true, true, null, null, null)), limiter,
				throttle, CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(),
				RetryRegistry.ofDefaults(), TimeLimiterRegistry.ofDefaults());
		this.guard = this.guards.guard("bench");
	}

	@TearDown
	public void tearDown() {
		this.guards.destroy();
	}

	@Benchmark
	public String callAlone() {
		return this.call.get();
	}

	@Benchmark
	public String rawResilience4jChain() {
		return this.rawChain.get();
	}

	@Benchmark
	public String perfkitGuard(ClientIndex index) {
		return this.guard.execute(this.clients[index.next()], this.call);
	}

	/** Per-thread client cursor. */
	@State(Scope.Thread)
	public static class ClientIndex {

		private int next;

		int next() {
			this.next = (this.next + 1) & (CLIENTS - 1);
			return this.next;
		}

	}

}
