package dev.perfkit.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Root configuration properties of Perfkit ({@code perfkit.*}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("perfkit")
@Validated
public class PerfkitProperties {

	/** Whether to enable Perfkit; false backs every capability off at once. */
	private boolean enabled = true;

	/**
	 * Whether Perfkit is enabled.
	 * @return whether Perfkit is enabled
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Sets whether Perfkit is enabled.
	 * @param enabled whether Perfkit is enabled
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
