package dev.perfkit.cache.autoconfigure;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import dev.perfkit.cache.tuning.TuningStrategy;

/**
 * Configuration properties of automatic cache tuning ({@code perfkit.cache.tuning.*}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("perfkit.cache.tuning")
@Validated
public class CacheTuningProperties {

	/** Whether caches tune their L1 size after each analytics sample. */
	private boolean enabled;

	/** How far one tuning step goes. */
	@NotNull
	private TuningStrategy strategy = TuningStrategy.BALANCED;

	/** Largest L1 maximum size tuning sets. */
	@Min(1)
	private long maximumSize = 100_000;

	/** Longest time-to-live tuning sets when misses find expired entries; unset leaves TTLs alone. */
	private @Nullable Duration maximumTtl;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public TuningStrategy getStrategy() {
		return this.strategy;
	}

	public void setStrategy(TuningStrategy strategy) {
		this.strategy = strategy;
	}

	public long getMaximumSize() {
		return this.maximumSize;
	}

	public void setMaximumSize(long maximumSize) {
		this.maximumSize = maximumSize;
	}

	public @Nullable Duration getMaximumTtl() {
		return this.maximumTtl;
	}

	public void setMaximumTtl(@Nullable Duration maximumTtl) {
		this.maximumTtl = maximumTtl;
	}

	@AssertTrue(message = "must be a positive duration (maximum-ttl)")
	boolean isMaximumTtlValid() {
		return this.maximumTtl == null || (!this.maximumTtl.isNegative() && !this.maximumTtl.isZero());
	}

}
