package dev.perfkit.cache.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.perfkit.autoconfigure.PropertyChecks;
import dev.perfkit.cache.tuning.TuningStrategy;

/**
 * Configuration properties of automatic cache tuning ({@code perfkit.cache.tuning.*}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("perfkit.cache.tuning")
public class CacheTuningProperties implements Validator {

	/** Whether caches tune their L1 size after each analytics sample. */
	private boolean enabled;

	/** How far one tuning step goes. */
	private TuningStrategy strategy = TuningStrategy.BALANCED;

	/** Largest L1 maximum size tuning sets. */
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

	@Override
	public boolean supports(Class<?> type) {
		return CacheTuningProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		CacheTuningProperties properties = (CacheTuningProperties) target;
		PropertyChecks.requireNotNull(errors, "strategy", properties.strategy);
		PropertyChecks.requireAtLeast(errors, "maximumSize", properties.maximumSize, 1);
		if (properties.maximumTtl != null && (properties.maximumTtl.isNegative() || properties.maximumTtl.isZero())) {
			errors.rejectValue("maximumTtl", "positive", "must be a positive duration such as 1h");
		}
	}

}
