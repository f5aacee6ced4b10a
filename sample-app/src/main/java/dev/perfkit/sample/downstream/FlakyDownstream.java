package dev.perfkit.sample.downstream;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import dev.perfkit.resilience.guard.Guarded;

import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * A downstream service that is slow and fails now and then, as remote services do. Which calls fail is decided by
 * seeded random numbers, so a run repeats; the failure rate can be changed while the application runs.
 *
 * @since 0.1.0
 */
@Component
public class FlakyDownstream {

	private final Duration latency;

	private final Random random;

	private volatile double failureRate;

	/**
	 * Creates a downstream service from its configuration.
	 * @param properties the configuration
	 */
	public FlakyDownstream(DownstreamProperties properties) {
		this.latency = properties.latency();
		this.random = new Random(properties.seed());
		setFailureRate(properties.failureRate());
	}

	/**
	 * Calls the downstream service, through Perfkit's {@code downstream} guard: a circuit breaker that opens when
	 * too many calls fail, so that callers get a fast {@code 503} instead of waiting for a service that is down.
	 * @param key the key to look up
	 * @return the value of the key
	 * @throws DownstreamException if the call fails
	 */
	@Guarded("downstream")
	public DownstreamResponse call(String key) {
		simulateLatency();
		if (this.random.nextDouble() < this.failureRate) {
			throw new DownstreamException("The downstream service failed to answer for key '" + key + "'");
		}
		return new DownstreamResponse(key, "value-" + HexFormat.of().toHexDigits(key.hashCode()));
	}

	/**
	 * Returns the share of calls that fail.
	 * @return the failure rate, from 0.0 to 1.0
	 */
	public double getFailureRate() {
		return this.failureRate;
	}

	/**
	 * Sets the share of calls that fail.
	 * @param failureRate the failure rate, from 0.0 (none) to 1.0 (all)
	 */
	public void setFailureRate(double failureRate) {
		Assert.isTrue(failureRate >= 0.0 && failureRate <= 1.0, "'failureRate' must be between 0.0 and 1.0");
		this.failureRate = failureRate;
	}

	private void simulateLatency() {
		if (this.latency.isZero() || this.latency.isNegative()) {
			return;
		}
		try {
			// The wait stands for the network and the remote service.
			Thread.sleep(this.latency.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DownstreamException("Interrupted while calling the downstream service");
		}
	}

}
