package dev.perfkit.cache.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.perfkit.autoconfigure.PropertyChecks;

/**
 * Configuration properties of the cache memory guard ({@code perfkit.cache.memory-guard.*}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("perfkit.cache.memory-guard")
public class MemoryGuardProperties implements Validator {

	/** Whether L1 caches shrink while the heap is under pressure. */
	private boolean enabled = true;

	/** Share of the maximum heap used after GC above which L1 caches shrink. */
	private double heapThreshold = 0.85;

	/** Time between two reads of the heap signal. */
	private Duration checkInterval = Duration.ofSeconds(5);

	/** What one shrink multiplies an L1 maximum by. */
	private double shrinkFactor = 0.5;

	/** Smallest L1 maximum a shrink leaves. */
	private long minimumSize = 100;

	/** Share of the original L1 maximum given back per check once the pressure is over. */
	private double restoreStep = 0.25;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public double getHeapThreshold() {
		return this.heapThreshold;
	}

	public void setHeapThreshold(double heapThreshold) {
		this.heapThreshold = heapThreshold;
	}

	public Duration getCheckInterval() {
		return this.checkInterval;
	}

	public void setCheckInterval(Duration checkInterval) {
		this.checkInterval = checkInterval;
	}

	public double getShrinkFactor() {
		return this.shrinkFactor;
	}

	public void setShrinkFactor(double shrinkFactor) {
		this.shrinkFactor = shrinkFactor;
	}

	public long getMinimumSize() {
		return this.minimumSize;
	}

	public void setMinimumSize(long minimumSize) {
		this.minimumSize = minimumSize;
	}

	public double getRestoreStep() {
		return this.restoreStep;
	}

	public void setRestoreStep(double restoreStep) {
		this.restoreStep = restoreStep;
	}

	@Override
	public boolean supports(Class<?> type) {
		return MemoryGuardProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		MemoryGuardProperties properties = (MemoryGuardProperties) target;
		PropertyChecks.requireDecimalRange(errors, "heapThreshold", properties.heapThreshold, 0.1, 0.99);
		PropertyChecks.requireNotNull(errors, "checkInterval", properties.checkInterval);
		PropertyChecks.requireDecimalRange(errors, "shrinkFactor", properties.shrinkFactor, 0.1, 0.9);
		PropertyChecks.requireAtLeast(errors, "minimumSize", properties.minimumSize, 1);
		PropertyChecks.requireDecimalRange(errors, "restoreStep", properties.restoreStep, 0.01, 1.0);
		Duration interval = properties.checkInterval;
		if (interval != null && (interval.isNegative() || interval.isZero())) {
			errors.rejectValue("checkInterval", "positive", "must be a positive duration such as 5s");
		}
	}

}
