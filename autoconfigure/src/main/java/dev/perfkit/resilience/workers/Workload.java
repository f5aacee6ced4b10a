package dev.perfkit.resilience.workers;

/**
 * Sizing presets of the worker pool, after the seed's {@code optimize_for_workload}: how many threads suit the kind
 * of work, given the CPUs the JVM may use.
 *
 * @since 0.1.0
 */
public enum Workload {

	/** Work that keeps a CPU busy: one thread per CPU, no more. */
	CPU_BOUND,

	/** Work that mostly waits on I/O: four threads per CPU, growing to eight. */
	IO_BOUND,

	/** A mix: two threads per CPU, growing to four. */
	BALANCED;

	/**
	 * Returns the number of threads kept running.
	 * @param cpus the CPUs available
	 * @return the core size
	 */
	public int coreSize(int cpus) {
		return switch (this) {
			case CPU_BOUND -> cpus;
			case IO_BOUND -> 4 * cpus;
			case BALANCED -> 2 * cpus;
		};
	}

	/**
	 * Returns the maximum number of threads.
	 * @param cpus the CPUs available
	 * @return the maximum size
	 */
	public int maxSize(int cpus) {
		return switch (this) {
			case CPU_BOUND -> cpus;
			case IO_BOUND -> 8 * cpus;
			case BALANCED -> 4 * cpus;
		};
	}

}
