package dev.perfkit.cache.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.perfkit.autoconfigure.PropertyChecks;

/**
 * Configuration properties of cache analytics ({@code perfkit.cache.analytics.*}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("perfkit.cache.analytics")
public class CacheAnalyticsProperties implements Validator {

	/** Whether caches are sampled, scored and given alerts and recommendations. */
	private boolean enabled = true;

	/** Time between two snapshots of every cache. */
	private Duration sampleInterval = Duration.ofMinutes(1);

	/** How many snapshots are kept per cache. */
	private int window = 60;

	/** Hit ratio below which a critical alert is raised. */
	private double criticalHitRatio = 0.10;

	/** Hit ratio below which a warning is raised. */
	private double warningHitRatio = 0.30;

	/** Mean load time above which a critical alert is raised. */
	private Duration criticalResponseTime = Duration.ofSeconds(10);

	/** Share of its maximum size above which a full L1 raises a warning. */
	private double warningMemoryUsage = 0.80;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getSampleInterval() {
		return this.sampleInterval;
	}

	public void setSampleInterval(Duration sampleInterval) {
		this.sampleInterval = sampleInterval;
	}

	public int getWindow() {
		return this.window;
	}

	public void setWindow(int window) {
		this.window = window;
	}

	public double getCriticalHitRatio() {
		return this.criticalHitRatio;
	}

	public void setCriticalHitRatio(double criticalHitRatio) {
		this.criticalHitRatio = criticalHitRatio;
	}

	public double getWarningHitRatio() {
		return this.warningHitRatio;
	}

	public void setWarningHitRatio(double warningHitRatio) {
		this.warningHitRatio = warningHitRatio;
	}

	public Duration getCriticalResponseTime() {
		return this.criticalResponseTime;
	}

	public void setCriticalResponseTime(Duration criticalResponseTime) {
		this.criticalResponseTime = criticalResponseTime;
	}

	public double getWarningMemoryUsage() {
		return this.warningMemoryUsage;
	}

	public void setWarningMemoryUsage(double warningMemoryUsage) {
		this.warningMemoryUsage = warningMemoryUsage;
	}

	@Override
	public boolean supports(Class<?> type) {
		return CacheAnalyticsProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		CacheAnalyticsProperties properties = (CacheAnalyticsProperties) target;
		PropertyChecks.requireNotNull(errors, "sampleInterval", properties.sampleInterval);
		PropertyChecks.requireRange(errors, "window", properties.window, 1, 10_000);
		PropertyChecks.requireDecimalRange(errors, "criticalHitRatio", properties.criticalHitRatio, 0.0, 1.0);
		PropertyChecks.requireDecimalRange(errors, "warningHitRatio", properties.warningHitRatio, 0.0, 1.0);
		PropertyChecks.requireNotNull(errors, "criticalResponseTime", properties.criticalResponseTime);
		PropertyChecks.requireDecimalRange(errors, "warningMemoryUsage", properties.warningMemoryUsage, 0.0, 1.0);
		if (properties.sampleInterval != null
				&& (properties.sampleInterval.isNegative() || properties.sampleInterval.isZero())) {
			errors.rejectValue("sampleInterval", "positive", "must be a positive duration such as 1m");
		}
		if (properties.criticalResponseTime != null
				&& (properties.criticalResponseTime.isNegative() || properties.criticalResponseTime.isZero())) {
			errors.rejectValue("criticalResponseTime", "positive", "must be a positive duration such as 10s");
		}
		if (properties.criticalHitRatio > properties.warningHitRatio) {
			errors.rejectValue("criticalHitRatio", "order",
					"must not be above warning-hit-ratio (" + properties.warningHitRatio + ")");
		}
	}

}
