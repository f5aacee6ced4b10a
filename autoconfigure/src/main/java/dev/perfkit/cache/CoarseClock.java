package dev.perfkit.cache;

import java.util.concurrent.locks.LockSupport;

/**
 * Wall-clock milliseconds read from a volatile field that a daemon thread advances every millisecond: an L1 hit
 * checks the entry's deadline against it instead of reading the system clock, which costs more than the rest of the
 * hit. An entry may thus be served up to about a millisecond (plus scheduling delay) past its deadline.
 */
final class CoarseClock {

	private static volatile long now = System.currentTimeMillis();

	static {
		Thread ticker = new Thread(() -> {
			while (true) {
				now = System.currentTimeMillis();
				LockSupport.parkNanos(1_000_000L);
			}
		}, "perfkit-cache-clock");
		ticker.setDaemon(true);
		ticker.start();
	}

	private CoarseClock() {
	}

	static long millis() {
		return now;
	}

}
