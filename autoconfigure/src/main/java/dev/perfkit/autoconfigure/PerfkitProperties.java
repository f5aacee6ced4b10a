package dev.perfkit.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Root configuration properties of Perfkit ({@code perfkit.*}). Unlike the other properties classes it does not
 * validate itself (see {@link PropertyChecks}): its only property is a boolean, which binding checks.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("perfkit")
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
