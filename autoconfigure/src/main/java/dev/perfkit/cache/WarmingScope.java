package dev.perfkit.cache;

/**
 * Marks the reads warming makes on its own thread, so that they count neither as reads in the hit and miss statistics
 * nor as accesses of the hot keys: warming must not flatter or spoil the figures it is judged by.
 */
final class WarmingScope {

	private static final ThreadLocal<Object> ACTIVE = new ThreadLocal<>();

	private static final Object ON = new Object();

	private WarmingScope() {
	}

	static boolean active() {
		return ACTIVE.get() != null;
	}

	static void enter() {
		ACTIVE.set(ON);
	}

	static void exit() {
		ACTIVE.remove();
	}

}
