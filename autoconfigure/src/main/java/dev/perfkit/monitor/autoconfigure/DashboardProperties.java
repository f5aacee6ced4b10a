package dev.perfkit.monitor.autoconfigure;

import java.time.Duration;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.perfkit.autoconfigure.PropertyChecks;

/**
 * Configuration properties of Perfkit's embedded dashboard ({@code perfkit.dashboard.*}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("perfkit.dashboard")
public class DashboardProperties implements Validator {

	private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]");

	/** Whether to serve the embedded live dashboard; off unless set. */
	private boolean enabled;

	/** Path of the dashboard page, starting and not ending with a slash. */
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
		PropertyChecks.requireMatch(errors, "path", ((DashboardProperties) target).getPath(), PATH,
				"must start with '/' and not end with '/', such as /perfkit");
		if (((DashboardProperties) target).getRefreshInterval().toMillis() < 500) {
			errors.rejectValue("refreshInterval", "minimum", "must be at least 500ms");
		}
	}

}
