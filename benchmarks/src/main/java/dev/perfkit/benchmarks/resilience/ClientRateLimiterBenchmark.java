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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A per-client limit check: Perfkit's local sliding-window limiter against the usual alternative, a Bucket4j bucket
 * per client in a bounded Caffeine map (both bounded at 200,000 clients). Limits are high enough that every call is
 * allowed. {@code clients} is how many distinct clients the calls cycle through: the client scaling (retained heap:
 * {@link LimiterHeapFootprint}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class ClientRateLimiterBenchmark {

	static final int MAX_CLIENTS = 200_000;

	@Param({ "10", "1000", "10000", "100000" })
	public int clients;

	private String[] ids;

	private LocalClientRateLimiter perfkit;

	private Cache<String, Bucket> buckets;

	@Setup
	public void setUp() {
		this.ids = new String[this.clients];
		for (int i = 0; i < this.clients; i++) {
			this.ids[i] = "client-" + i;
		}
		this.perfkit = perfkit();
		this.buckets = Caffeine.newBuilder().maximumSize(MAX_CLIENTS).build();
		for (String client : this.ids) {
			this.perfkit.check(client);
			bucket(client).tryConsume(1);
		}
	}

	static LocalClientRateLimiter perfkit() {
		return new LocalClientRateLimiter(
				RateLimitPlans.of(new RateLimitWindow(1_000_000_000L, Duration.ofMinutes(1))), false, MAX_CLIENTS);
	}

	static Bucket newBucket() {
		return Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(1_000_000_000L).refillGreedy(1_000_000_000L, Duration.ofMinutes(1))
				.build())
			.build();
	}

	private Bucket bucket(String client) {
		return this.buckets.get(client, (key) -> newBucket());
	}

	@Benchmark
	public boolean bucket4jPerClientInCaffeine(ClientIndex index) {
		return bucket(this.ids[index.next(this.clients)]).tryConsume(1);
	}

	@Benchmark
	public boolean perfkitLocalSlidingWindow(ClientIndex index) {
		return this.perfkit.check(this.ids[index.next(this.clients)]).allowed();
	}

	/** Per-thread client cursor, starting at a different client per thread. */
	@State(Scope.Thread)
	public static class ClientIndex {

		private int next = (int) (Thread.currentThread().getId() * 7919);

		int next(int clients) {
			int candidate = this.next + 1;
			this.next = (candidate >= clients) ? 0 : candidate;
			return this.next;
		}

	}

}
