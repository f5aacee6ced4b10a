package dev.perfkit.cache;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CacheLock} behind the circuit breaker of the layer it lives in: while Redis is failing, nobody waits for a
 * lease and every instance loads locally.
 */
final class GuardedLock {

	/** What {@link #tryLock} returns when the lock cannot be asked, told apart from "held elsewhere" ({@code null}). */
	static final Lease UNAVAILABLE = new Lease("");

	private final CacheLock lock;

	private final CircuitBreaker breaker;

	private final Duration lease;

	GuardedLock(CacheLock lock, CircuitBreaker breaker, Duration lease) {
		this.lock = lock;
		this.breaker = breaker;
		this.lease = lease;
	}

	long leaseNanos() {
		return this.lease.toNanos();
	}

	/**
	 * Tries to take the lease.
	 * @return the lease, {@code null} if another instance holds it, or {@link #UNAVAILABLE}
	 */
	@Nullable Lease tryLock(String cache, String key) {
		if (!this.breaker.tryAcquirePermission()) {
			return UNAVAILABLE;
		}
		long start = System.nanoTime();
		try {
			String token = this.lock.tryLock(cache, key, this.lease);
			this.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			return (token != null) ? new Lease(token) : null;
		}
		catch (RuntimeException ex) {
			this.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
			return UNAVAILABLE;
		}
	}

	void unlock(String cache, String key, Lease lease) {
		try {
			this.lock.unlock(cache, key, lease.token());
		}
		catch (RuntimeException ex) {
			// the lease expires on its own
		}
	}

	record Lease(String token) {
	}

}
