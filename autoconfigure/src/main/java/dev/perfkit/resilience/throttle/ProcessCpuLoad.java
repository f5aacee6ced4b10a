package dev.perfkit.resilience.throttle;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.function.DoubleSupplier;

/**
 * Process CPU load from the JVM's {@code com.sun.management.OperatingSystemMXBean}, which is container-aware since
 * JDK 14: the load is relative to the CPUs the container may use. Negative when the JVM does not offer it.
 *
 * @since 0.1.0
 */
public final class ProcessCpuLoad implements DoubleSupplier {

	private final OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();

	@Override
	public double getAsDouble() {
		if (this.bean instanceof com.sun.management.OperatingSystemMXBean sun) {
			return sun.getProcessCpuLoad();
		}
		return -1;
	}

}
