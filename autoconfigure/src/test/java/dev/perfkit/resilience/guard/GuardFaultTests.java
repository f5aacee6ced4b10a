package dev.perfkit.resilience.guard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpServer;
import dev.perfkit.resilience.WorkerPoolFullException;
import dev.perfkit.test.Latencies;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A guard (timeout and circuit breaker) in front of a real HTTP downstream that stops answering: callers wait at
 * most the timeout, then not at all while the breaker is open, and calls go through again once the downstream
 * answers. The downstream call ignores interrupts (a blocking socket read), the worst case for the timeout.
 */
class GuardFaultTests {

	private static final Duration TIMEOUT = Duration.ofMillis(200);

	@Test
	void aHangingDownstreamCostsCallersAtMostTheTimeoutAndIsUsedAgainWhenItAnswers() throws Exception {
		CountDownLatch hang = new CountDownLatch(1);
		AtomicInteger hanging = new AtomicInteger(1);
		HttpServer downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		downstream.setExecutor(Executors.newCachedThreadPool());
		downstream.createContext("/", (exchange) -> {
			try {
				if (hanging.get() == 1) {
					hang.await(30, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		downstream.start();
		URI uri = URI.create("http://127.0.0.1:" + downstream.getAddress().getPort() + "/");
		CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
			.slidingWindowSize(10)
			.minimumNumberOfCalls(5)
			.failureRateThreshold(50)
			.waitDurationInOpenState(Duration.ofSeconds(1))
			.permittedNumberOfCallsInHalfOpenState(2)
			.build());
		GuardRegistry registry = new GuardRegistry(
				Map.of("downstream", new GuardSpec("downstream", false, false, null, TIMEOUT, null)), null, null,
				breakers, BulkheadRegistry.ofDefaults(), RetryRegistry.ofDefaults(), TimeLimiterRegistry.ofDefaults());
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			Guard guard = registry.guard("downstream");
			Latencies latencies = new Latencies(200);
			Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
			List<Future<?>> futures = new ArrayList<>();
			for (int thread = 0; thread < 8; thread++) {
				futures.add(callers.submit(() -> {
					for (int i = 0; i < 25; i++) {
						long start = System.nanoTime();
						String outcome;
						try {
							guard.call("", () -> get(uri));
							outcome = "answered";
						}
						catch (TimeoutException ex) {
							outcome = "timed out";
						}
						catch (CallNotPermittedException ex) {
							outcome = "refused by the open breaker";
						}
						catch (Exception ex) {
							throw new AssertionError("Unexpected exception from the guard", ex);
						}
						latencies.record(System.nanoTime() - start);
						outcomes.computeIfAbsent(outcome, (key) -> new LongAdder()).increment();
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(30, TimeUnit.SECONDS);
			}
			assertThat(guard.getCircuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
			assertThat(outcomes).containsKeys("timed out", "refused by the open breaker").doesNotContainKey("answered");
			int stuck = countGuardThreads();
			hanging.set(0);
			hang.countDown();
			long start = System.nanoTime();
			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> "ok".equals(guard.call("", () -> get(uri))));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> guard.call("", () -> get(uri)) != null
						&& guard.getCircuitBreaker().getState() == CircuitBreaker.State.CLOSED);
			System.out.println(latencies.summary("Calls through a guard (timeout 200 ms + breaker) to a hanging downstream"));
			System.out.printf("  outcomes %s; guard threads still blocked in the downstream when it recovered: %d; "
					+ "calls answered again %d ms after it recovered%n", outcomes, stuck,
					Duration.ofNanos(System.nanoTime() - start).toMillis());
		}
		finally {
			hang.countDown();
			callers.shutdownNow();
			registry.destroy();
			downstream.stop(0);
			((ExecutorService) downstream.getExecutor()).shutdownNow();
		}
	}

	@Test
	void callsThatIgnoreTheirTimeoutFillTheGuardThreadsAndLaterCallsAreRefusedNotRejected() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		GuardRegistry registry = new GuardRegistry(
				Map.of("stuck", new GuardSpec(null, false, false, null, Duration.ofMillis(100), null)), null, null,
				CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), RetryRegistry.ofDefaults(),
				TimeLimiterRegistry.ofDefaults());
		ExecutorService callers = Executors.newFixedThreadPool(32);
		try {
			Guard guard = registry.guard("stuck");
			Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < 300; i++) {
				futures.add(callers.submit(() -> {
					String outcome;
					try {
						guard.call("", () -> {
							// a call that swallows the timeout's interrupt keeps its guard thread
							while (release.getCount() > 0) {
								try {
									release.await();
								}
								catch (InterruptedException ex) {
									// ignored on purpose
								}
							}
							return "late";
						});
						outcome = "answered";
					}
					catch (TimeoutException ex) {
						outcome = "timed out";
					}
					catch (WorkerPoolFullException ex) {
						outcome = "refused";
					}
					catch (Exception ex) {
						throw new AssertionError("Unexpected exception from the guard", ex);
					}
					outcomes.computeIfAbsent(outcome, (key) -> new LongAdder()).increment();
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(30, TimeUnit.SECONDS);
			}
			// every call either timed out or was refused; 256 stuck calls hold every guard thread. A call whose
			// timeout fired before its new thread started it (a loaded machine) frees that thread, so more than 256
			// may time out: the split depends on the scheduler, the sum and the floor do not
			long timedOut = outcomes.getOrDefault("timed out", new LongAdder()).sum();
			long refused = outcomes.getOrDefault("refused", new LongAdder()).sum();
			assertThat(outcomes).doesNotContainKey("answered");
			assertThat(timedOut + refused).isEqualTo(300);
			assertThat(timedOut).isGreaterThanOrEqualTo(256);
			assertThat(refused).isPositive();
			release.countDown();
			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> "fine".equals(guard.call("", () -> "fine")));
		}
		finally {
			release.countDown();
			callers.shutdownNow();
			registry.destroy();
		}
	}

	private static int countGuardThreads() {
		return (int) Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("perfkit-guard-") && thread.isAlive()
					&& thread.getState() == Thread.State.RUNNABLE)
			.count();
	}

	private static String get(URI uri) {
		try {
			HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
			try (InputStream body = connection.getInputStream()) {
				return new String(body.readAllBytes(), StandardCharsets.UTF_8);
			}
			finally {
				connection.disconnect();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
