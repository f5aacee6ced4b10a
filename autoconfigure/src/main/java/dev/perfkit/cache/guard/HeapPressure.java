package dev.perfkit.cache.guard;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * The signal the memory guard acts on: the share of the heap in use; a bean of this type replaces the default (heap
 * used after the last GC over the maximum heap).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface HeapPressure {

	/**
	 * Share of the heap in use, 0 to 1.
	 * @return the ratio
	 */
	double heapUsedRatio();

	/**
	 * Heap used after the last collection (summed over the heap pools that report it) over the maximum heap.
	 * @return the signal
	 */
	static HeapPressure afterGc() {
		return () -> {
			long used = 0;
			for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
				if (pool.getType() == MemoryType.HEAP) {
					MemoryUsage afterGc = pool.getCollectionUsage();
					used += (afterGc != null) ? afterGc.getUsed() : 0;
				}
			}
			long max = Runtime.getRuntime().maxMemory();
			return (max > 0) ? (double) used / max : 0;
		};
	}

}
