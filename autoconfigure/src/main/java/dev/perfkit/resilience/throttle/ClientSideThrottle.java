package dev.perfkit.resilience.throttle;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import org.springframework.util.Assert;

/**
 * Client-side throttling for calls to one downstream service, after Google's SRE book ("Handling Overload",
 * adaptive throttling): over a sliding window the client counts the calls it attempted ({@code requests}) and those
 * the service accepted ({@code accepts}), and refuses a new call locally with probability
 * {@code max(0, (requests - K * accepts) / (requests + 1))}. With {@code K = 2} the client sends up to twice as many
 * calls as the service accepts, so a struggling service sees its load fall quickly, and a recovering one gets traffic
 * back as soon as it accepts calls again.
 * <p>
 * Counts are kept in ten buckets over the window. A call counts as accepted when it completes without an exception.
 *
 * @since 0.1.0
 */
public class ClientSideThrottle {

	private static final int BUCKETS = 10;

	private final double k;

	private final long bucketNanos;

	private final LongSupplier nanoClock;

	private final DoubleSupplier random;

	private final long[] requests = new long[BUCKETS];

	private final long[] accepts = new long[BUCKETS];

	private long currentBucket;

	/**
	 * Creates a client-side throttle on the system clock.
	 * @param k how many times the accepted calls the client may send, above 1.0
	 * @param window the window over which calls are counted
	 */
	public ClientSideThrottle(double k, Duration window) {
		this(k, window, System::nanoTime, () -> ThreadLocalRandom.current().nextDouble());
	}

	/**
	 * Creates a client-side throttle.
	 * @param k how many times the accepted calls the client may send, above 1.0
	 * @param window the window over which calls are counted
	 * @param nanoClock the clock, in nanoseconds
	 * @param random source of uniform random numbers in [0, 1)
	 */
	public ClientSideThrottle(double k, Duration window, LongSupplier nanoClock, DoubleSupplier random) {
		Assert.isTrue(k > 1.0, "'k' must be above 1.0");
		Assert.isTrue(window.toMillis() >= BUCKETS, "'window' must be at least 10ms");
		this.k = k;
		this.bucketNanos = window.toNanos() / BUCKETS;
		this.nanoClock = nanoClock;
		this.random = random;
		this.currentBucket = nanoClock.getAsLong() / this.bucketNanos;
	}

	/**
	 * Counts a call attempt and decides whether to send it.
	 * @return whether the call may go to the service; {@code false} means refuse it locally
	 */
	public boolean tryAcquire() {
		double probability;
		synchronized (this) {
			roll();
			probability = probability();
			this.requests[index()]++;
		}
		return probability <= 0 || this.random.getAsDouble() >= probability;
	}

	/**
	 * Records that the service accepted a call.
	 */
	public synchronized void onAccepted() {
		roll();
		this.accepts[index()]++;
	}

	/**
	 * Returns the probability with which a call is refused now.
	 * @return the rejection probability, from 0.0 to 1.0
	 */
	public synchronized double getRejectionProbability() {
		roll();
		return probability();
	}

	/**
	 * Returns the constant K.
	 * @return K
	 */
	public double getK() {
		return this.k;
	}

	private double probability() {
		long requests = 0;
		long accepts = 0;
		for (int i = 0; i < BUCKETS; i++) {
			requests += this.requests[i];
			accepts += this.accepts[i];
		}
		return Math.max(0.0, (requests - this.k * accepts) / (requests + 1));
	}

	private int index() {
		return (int) (this.currentBucket % BUCKETS);
	}

	private void roll() {
		long bucket = this.nanoClock.getAsLong() / this.bucketNanos;
		long passed = bucket - this.currentBucket;
		if (passed <= 0) {
			return;
		}
		for (long i = 1; i <= Math.min(passed, BUCKETS); i++) {
			int index = (int) ((this.currentBucket + i) % BUCKETS);
			this.requests[index] = 0;
			this.accepts[index] = 0;
		}
		this.currentBucket = bucket;
	}

}
