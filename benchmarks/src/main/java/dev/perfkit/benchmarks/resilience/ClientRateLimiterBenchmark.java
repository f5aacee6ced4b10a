package dev.perfkit.benchmarks.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.perfkit.resilience.ratelimit.LocalClientRateLimiter;
import dev.perfkit.resilience.ratelimit.RateLimitPlans;
import dev.perfkit.resilience.ratelimit.RateLimitWindow;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A per-client limit check over 10,000 clients: Perfkit's local sliding-window limiter against the usual
 * alternative, a Bucket4j bucket per client in a bounded Caffeine map. Limits are high enough that every call is
 * allowed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class ClientRateLimiterBenchmark {

	private static final int CLIENTS = 10_000;

	private final String[] clients = new String[CLIENTS];

	private LocalClientRateLimiter perfkit;

	private Cache<String, Bucket> buckets;

	@Setup
	public void setUp() {
		for (int i = 0; i < CLIENTS; i++) {
			this.clients[i] = "client-" + i;
		}
		this.perfkit = new LocalClientRateLimiter(
				RateLimitPlans.of(new RateLimitWindow(1_000_000_000L, Duration.ofMinutes(1))), false, 100_000);
		this.buckets = Caffeine.newBuilder().maximumSize(100_000).build();
		for (String client : this.clients) {
			this.perfkit.check(client);
			bucket(client).tryConsume(1);
		}
	}

	private Bucket bucket(String client) {
		return this.buckets.get(client, (key) -> Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(1_000_000_000L).refillGreedy(1_000_000_000L, Duration.ofMinutes(1))
				.build())
			.build());
	}

	@Benchmark
	public boolean bucket4jPerClientInCaffeine(ClientIndex index) {
		return bucket(this.clients[index.next()]).tryConsume(1);
	}

	@Benchmark
	public boolean perfkitLocalSlidingWindow(ClientIndex index) {
		return this.perfkit.check(this.clients[index.next()]).allowed();
	}

	/** Per-thread client cursor, starting at a different client per thread. */
	@State(Scope.Thread)
	public static class ClientIndex {

		private int next = (int) (Thread.currentThread().getId() * 7919 % CLIENTS);

		int next() {
			this.next = (this.next + 1 == CLIENTS) ? 0 : this.next + 1;
			return this.next;
		}

	}

}
