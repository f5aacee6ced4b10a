package dev.perfkit.cache.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.perfkit.autoconfigure.PropertyChecks;

/**
 * Configuration properties of cache warming ({@code perfkit.cache.warming.*}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("perfkit.cache.warming")
public class CacheWarmingProperties implements Validator {

	/** Whether hot keys are tracked, persisted and warmed. */
	private boolean enabled = true;

	/** Delay between start-up and the first scheduled run (hot-key persistence and warmers). */
	private Duration initialDelay = Duration.ofMinutes(1);

	/** Delay between scheduled runs, unless cron is set. */
	private Duration interval = Duration.ofMinutes(10);

	/** Cron expression for the scheduled runs, used instead of interval. */
	private @Nullable String cron;

	/** How many warming tasks (keys at start-up, or warmers) run at once. */
	private int concurrency = 4;

	/** How many hot keys per cache are persisted and warmed at start-up. */
	private int hotKeys = 100;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getInitialDelay() {
		return this.initialDelay;
	}

	public void setInitialDelay(Duration initialDelay) {
		this.initialDelay = initialDelay;
	}

	public Duration getInterval() {
		return this.interval;
	}

	public void setInterval(Duration interval) {
		this.interval = interval;
	}

	public @Nullable String getCron() {
		return this.cron;
	}

	public void setCron(@Nullable String cron) {
		this.cron = cron;
	}

	public int getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(int concurrency) {
		this.concurrency = concurrency;
	}

	public int getHotKeys() {
		return this.hotKeys;
	}

	public void setHotKeys(int hotKeys) {
		this.hotKeys = hotKeys;
	}

	@Override
	public boolean supports(Class<?> type) {
		return CacheWarmingProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		CacheWarmingProperties properties = (CacheWarmingProperties) target;
		PropertyChecks.requireNotNull(errors, "initialDelay", properties.initialDelay);
		PropertyChecks.requireNotNull(errors, "interval", properties.interval);
		PropertyChecks.requireRange(errors, "concurrency", properties.concurrency, 1, 64);
		PropertyChecks.requireRange(errors, "hotKeys", properties.hotKeys, 1, 256);
		if (properties.interval != null && (properties.interval.isNegative() || properties.interval.isZero())) {
			errors.rejectValue("interval", "positive", "must be a positive duration such as 10m");
		}
		if (properties.initialDelay != null && properties.initialDelay.isNegative()) {
			errors.rejectValue("initialDelay", "negative", "must not be negative");
		}
		if (properties.cron != null && !CronExpression.isValidExpression(properties.cron)) {
			errors.rejectValue("cron", "cron", "must be a valid cron expression such as '0 */5 * * * *'");
		}
	}

}
