package dev.perfkit.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * An open-loop HTTP load: requests sent at a fixed rate whatever the answers (so a slow server does not slow the
 * load down and hide its own latency), each one's start, latency and status recorded.
 * <pre class="code">
 * try (LoadGenerator load = LoadGenerator.start(URI.create("http://127.0.0.1:8080"), (n) -&gt; "/api/products/" + n, 100,
 *         Duration.ofSeconds(10))) {
 *     ...
 *     List&lt;LoadGenerator.Sample&gt; samples = load.stop();
 * }
 * </pre>
 *
 * @since 0.1.0
 */
public final class LoadGenerator implements AutoCloseable {

	/** Status recorded for a request that got no answer within the timeout, or failed to connect. */
	public static final int NO_ANSWER = -1;

	private final URI base;

	private final LongFunction<String> paths;

	private final Duration timeout;

	private final HttpClient client;

	private final ExecutorService callbacks;

	private final ScheduledExecutorService ticker;

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong outstanding = new AtomicLong();

	private final List<Sample> samples = new ArrayList<>();

	private LoadGenerator(URI base, LongFunction<String> paths, Duration timeout) {
		this.base = base;
		this.paths = paths;
		this.timeout = timeout;
		this.callbacks = Executors.newFixedThreadPool(2, (runnable) -> daemon(runnable, "load-callbacks"));
		this.ticker = Executors.newSingleThreadScheduledExecutor((runnable) -> daemon(runnable, "load-ticker"));
		this.client = HttpClient.newBuilder().connectTimeout(timeout).executor(this.callbacks).build();
	}

	/**
	 * Starts sending requests.
	 * @param base scheme, host and port of the server
	 * @param paths the path (and query) of the n-th request, n from 0
	 * @param ratePerSecond requests sent per second
	 * @param timeout longest wait for an answer; a request still unanswered then is recorded as {@link #NO_ANSWER}
	 * @return the running load
	 */
	public static LoadGenerator start(URI base, LongFunction<String> paths, int ratePerSecond, Duration timeout) {
		LoadGenerator load = new LoadGenerator(base, paths, timeout);
		long periodNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
		load.ticker.scheduleAtFixedRate(load::send, 0, periodNanos, TimeUnit.NANOSECONDS);
		return load;
	}

	private void send() {
		long n = this.sent.getAndIncrement();
		HttpRequest request = HttpRequest.newBuilder(this.base.resolve(this.paths.apply(n)))
			.timeout(this.timeout)
			.build();
		long start = System.nanoTime();
		this.outstanding.incrementAndGet();
		this.client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
			int status = (response != null) ? response.statusCode() : NO_ANSWER;
			record(new Sample(start, System.nanoTime() - start, status));
			this.outstanding.decrementAndGet();
		});
	}

	private synchronized void record(Sample sample) {
		this.samples.add(sample);
	}

	/**
	 * The requests answered (or given up) so far, in the order they completed.
	 * @return a copy of the samples
	 */
	public synchronized List<Sample> samples() {
		return new ArrayList<>(this.samples);
	}

	/**
	 * Stops sending, waits for the requests in flight (at most the timeout) and returns every sample.
	 * @return the samples
	 */
	public List<Sample> stop() {
		this.ticker.shutdownNow();
		long deadline = System.nanoTime() + this.timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
		while (this.outstanding.get() > 0 && System.nanoTime() < deadline) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return samples();
	}

	@Override
	public void close() {
		this.ticker.shutdownNow();
		// HttpClient.shutdownNow() is Java 21; without callbacks to run on, its selector thread ends with the client
		this.callbacks.shutdownNow();
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * One request.
	 *
	 * @param startNanos when it was sent, on {@link System#nanoTime()}'s scale
	 * @param latencyNanos how long its answer took
	 * @param status the HTTP status, or {@link #NO_ANSWER}
	 */
	public record Sample(long startNanos, long latencyNanos, int status) {

		/**
		 * Whether the request failed: no answer, or a 5xx status.
		 * @return whether it is an error
		 */
		public boolean isError() {
			return this.status == NO_ANSWER || this.status >= 500;
		}

	}

}
