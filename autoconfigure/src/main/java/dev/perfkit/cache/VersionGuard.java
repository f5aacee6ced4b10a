package dev.perfkit.cache;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The version guard of one {@link LayeredCache}: a key's stripe counter (one of 1,024) moves on every invalidation of
 * the key, the epoch on every clear, tag invalidation or detected loss. A read or a load notes both before it begins
 * and installs or writes its value only if they are {@linkplain #unchanged unchanged}, so that a slow read cannot
 * resurrect a value an invalidation has just removed. Never on the L1 hit path.
 */
final class VersionGuard {

	private static final int STRIPES = 1024;

	private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);

	private final AtomicLong epoch = new AtomicLong();

	/** The stripe of a key's shared-layer form. */
	static int stripe(String id) {
		int h = id.hashCode();
		return (h ^ (h >>> 16)) & (STRIPES - 1);
	}

	/** The current epoch, to note before a read or a load. */
	long epoch() {
		return this.epoch.get();
	}

	/** The current version of a stripe, to note before a read or a load. */
	long version(int stripe) {
		return this.stripes.get(stripe);
	}

	/** Whether neither the stripe nor the epoch moved since they were noted. */
	boolean unchanged(int stripe, long epoch, long version) {
		return this.epoch.get() == epoch && this.stripes.get(stripe) == version;
	}

	/** Moves a key's version: what was read or loaded before is not installed after. */
	void bump(String id) {
		this.stripes.incrementAndGet(stripe(id));
	}

	/**
	 * Moves a stripe's version.
	 * @return the new version
	 */
	long bump(int stripe) {
		return this.stripes.incrementAndGet(stripe);
	}

	/** Moves the epoch: nothing read or loaded before is installed after. */
	void bumpEpoch() {
		this.epoch.incrementAndGet();
	}

}
