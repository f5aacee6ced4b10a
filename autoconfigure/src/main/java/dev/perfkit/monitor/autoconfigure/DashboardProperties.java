package dev.perfkit.monitor.autoconfigure;

import java.time.Duration;

import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration properties of Perfkit's embedded dashboard ({@code perfkit.dashboard.*}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("perfkit.dashboard")
@Validated
public class DashboardProperties implements Validator {

	/** Whether to serve the embedded live dashboard; off unless set. */
	private boolean enabled;

	/** Path of the dashboard page, starting and not ending with a slash. */
	@Pattern(regexp = "/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]", message = "must start with '/' and not end with '/', such as /perfkit")
	private String path = "/perfkit";

	/** How often the page reads the endpoints again. */
	private Duration refreshInterval = Duration.ofSeconds(5);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	@Override
	public boolean supports(Class<?> type) {
		return DashboardProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		if (((DashboardProperties) target).getRefreshInterval().toMillis() < 500) {
			errors.rejectValue("refreshInterval", "minimum", "must be at least 500ms");
		}
	}

}
