package dev.perfkit.test.coherence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The database the checked application reads, and the model of what a cache read may return: a value of the key that
 * is current, or one superseded less than the staleness window ago; after a fault, one superseded before the fault
 * healed, for a window counted from the heal. An instance always reads at least its own last write of a key
 * (read-your-writes). Values are {@code s<seed>:k<key>@<version>}; a cache answering a value of another schedule,
 * another key or a version never written is wrong whatever its age.
 * <p>
 * Writes are made by one thread (the schedule's driver); reads may be checked from any thread.
 *
 * @since 0.1.0
 */
public final class CoherenceModel {

	private final long seed;

	private final long windowNanos;

	// per key, the System.nanoTime() at which each version became the database's value
	private final List<List<Long>> writtenAt = new ArrayList<>();

	// per instance and key, the last version the instance wrote itself
	private final int[][] ownWrites;

	private final List<long[]> faults = new ArrayList<>();

	private long lastChange;

	/**
	 * Creates the model of a schedule; every key starts at version 0.
	 * @param seed the schedule's seed, part of every value
	 * @param instances the number of instances
	 * @param keys the number of keys
	 * @param window the staleness window
	 */
	public CoherenceModel(long seed, int instances, int keys, Duration window) {
		this.seed = seed;
		this.windowNanos = window.toNanos();
		long now = System.nanoTime();
		for (int key = 0; key < keys; key++) {
			List<Long> versions = new ArrayList<>();
			versions.add(now);
			this.writtenAt.add(versions);
		}
		this.ownWrites = new int[instances][keys];
		this.lastChange = now;
	}

	/**
	 * The database's current value of a key, as a loader reads it.
	 * @param key the key
	 * @return the value
	 */
	public synchronized String read(int key) {
		return value(key, this.writtenAt.get(key).size() - 1);
	}

	/**
	 * Writes a new version of a key to the database.
	 * @param instance the instance that writes
	 * @param key the key
	 * @return the new value
	 */
	public synchronized String write(int instance, int key) {
		List<Long> versions = this.writtenAt.get(key);
		versions.add(System.nanoTime());
		this.lastChange = System.nanoTime();
		this.ownWrites[instance][key] = versions.size() - 1;
		return value(key, versions.size() - 1);
	}

	/**
	 * The last version of a key an instance wrote, the least it may read from now on.
	 * @param instance the instance
	 * @param key the key
	 * @return the version
	 */
	public synchronized int ownWrite(int instance, int key) {
		return this.ownWrites[instance][key];
	}

	/**
	 * Records that a fault began; until {@link #healed} reads are held to no window.
	 * @param startNanos when it began ({@link System#nanoTime()})
	 */
	public synchronized void faultBegan(long startNanos) {
		this.faults.add(new long[] { startNanos, Long.MAX_VALUE });
	}

	/**
	 * Records that the fault that began last healed.
	 * @param healedNanos when it healed ({@link System#nanoTime()})
	 */
	public synchronized void healed(long healedNanos) {
		this.faults.get(this.faults.size() - 1)[1] = healedNanos;
		this.lastChange = Math.max(this.lastChange, healedNanos);
	}

	/**
	 * The latest of the last write and the last heal: reads are fresh one window after it.
	 * @return the time ({@link System#nanoTime()})
	 */
	public synchronized long lastChange() {
		return this.lastChange;
	}

	/**
	 * The staleness window.
	 * @return the window in nanoseconds
	 */
	public long windowNanos() {
		return this.windowNanos;
	}

	/**
	 * Whether a value is the key's current one, or nothing.
	 * @param key the key
	 * @param value what a read returned
	 * @return whether it is fresh
	 */
	public synchronized boolean isFresh(int key, @Nullable String value) {
		return value == null || value.equals(read(key));
	}

	/**
	 * Checks what a read returned.
	 * @param instance the instance that read
	 * @param key the key
	 * @param value the value, {@code null} for a miss
	 * @param missAllowed whether the read may return nothing (a loading read may not)
	 * @param startNanos when the read began
	 * @param ownFloor the instance's own last write of the key when the read began
	 * @return what is wrong with it, {@code null} if it may be served
	 */
	public synchronized @Nullable String check(int instance, int key, @Nullable String value, boolean missAllowed,
			long startNanos, int ownFloor) {
		if (value == null) {
			return missAllowed ? null : "a loading read returned null";
		}
		String prefix = "s" + this.seed + ":k" + key + "@";
		if (!value.startsWith(prefix)) {
			return "value " + value + " is not one of key k" + key + " in this schedule";
		}
		int version;
		try {
			version = Integer.parseInt(value.substring(prefix.length()));
		}
		catch (NumberFormatException ex) {
			return "value " + value + " is not a value the database held";
		}
		List<Long> versions = this.writtenAt.get(key);
		if (version < 0 || version >= versions.size()) {
			return "value " + value + " was never written";
		}
		if (version < ownFloor) {
			return "i" + instance + " read " + value + " after writing version " + ownFloor + " itself";
		}
		if (version == versions.size() - 1) {
			return null;
		}
		long supersededAt = versions.get(version + 1);
		if (supersededAt >= startNanos || startNanos - supersededAt <= this.windowNanos) {
			return null;
		}
		for (long[] fault : this.faults) {
			boolean aroundFault = supersededAt + this.windowNanos >= fault[0] && supersededAt <= fault[1];
			if (aroundFault && startNanos - fault[1] <= this.windowNanos) {
				return null;
			}
		}
		return "i" + instance + " read " + value + ", superseded " + millis(startNanos - supersededAt)
				+ " ms before the read began (window " + millis(this.windowNanos) + " ms)";
	}

	private String value(int key, int version) {
		return "s" + this.seed + ":k" + key + "@" + version;
	}

	private static long millis(long nanos) {
		return Duration.ofNanos(nanos).toMillis();
	}

}
