package dev.perfkit.test.coherence;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random sequence of operations on a few instances and a few keys: reads, loads (some failing, some slow,
 * some through a {@code @Cacheable} method),
 * updates, evictions, clears, tag invalidations and at most one fault, healed before the schedule ends. The same seed
 * gives the same schedule.
 *
 * @param seed the seed
 * @param instances the number of instances
 * @param keys the number of keys
 * @param operations the operations, in the order they run
 * @since 0.1.0
 */
public record Schedule(long seed, int instances, int keys, List<Operation> operations) {

	/** Share of schedules with a fault. */
	private static final double FAULT_RATE = 0.3;

	/**
	 * Kinds of operation.
	 */
	public enum Kind {

		/** {@code cache.get(key)}: the value or nothing. */
		GET,

		/** {@code cache.get(key, loader)}: the loader reads the database. */
		LOAD,

		/** {@code cache.get(key, loader)} with a loader that throws. */
		FAILING_LOAD,

		/** {@code cache.get(key, loader)} on another thread, its loader blocked until {@link #RELEASE}. */
		SLOW_LOAD,

		/**
		 * A {@code @Cacheable} method's miss: {@code cache.get(key)}, the method (which reads the database), then
		 * {@code cache.put(key, value)} on the same thread, the fill of that miss.
		 */
		CACHEABLE_LOAD,

		/** {@link #CACHEABLE_LOAD} on another thread, its method blocked until {@link #RELEASE}. */
		SLOW_CACHEABLE_LOAD,

		/** Lets the pending slow load return the database value it read when it started. */
		RELEASE,

		/** An update: a database write, then {@code cache.put(key, value)} (as {@code @CachePut}), tagged. */
		PUT,

		/** An update by eviction: a database write, then {@code cache.evict(key)} (as {@code @CacheEvict}). */
		WRITE_EVICT,

		/** {@code cache.evict(key)} without a database write. */
		EVICT,

		/** {@code cache.clear()} without a database write. */
		CLEAR,

		/** A tag invalidation without a database write. */
		INVALIDATE_TAG,

		/** The instance's Redis link black-holed (both directions) until {@link #HEAL}, then its connections reset. */
		BLACK_HOLE,

		/** The instance's Redis link delayed (both directions) beyond the Redis timeout until {@link #HEAL}. */
		DELAY,

		/** The instance's invalidation publishes lost (the bus's back-off) until {@link #HEAL}; heartbeats go on. */
		LOSE_PUBLISHES,

		/** Ends the instance's fault. */
		HEAL,

		/** Redis restarted: its data and the invalidation stream are gone. */
		RESTART_REDIS;

		boolean isFault() {
			return this == BLACK_HOLE || this == DELAY || this == LOSE_PUBLISHES || this == RESTART_REDIS;
		}

	}

	/**
	 * One operation.
	 *
	 * @param kind what it does
	 * @param instance the instance it runs on
	 * @param key the key it names, -1 for none
	 */
	public record Operation(Kind kind, int instance, int key) {

		@Override
		public String toString() {
			return this.kind + " i" + this.instance + ((this.key >= 0) ? " k" + this.key : "");
		}

	}

	/**
	 * Generates the schedule of a seed.
	 * @param seed the seed
	 * @param instances the number of instances
	 * @param keys the number of keys
	 * @return the schedule
	 */
	public static Schedule generate(long seed, int instances, int keys) {
		SplittableRandom random = new SplittableRandom(seed);
		// a stream of its own, so that a seed's schedule is the one it was before loads had two paths
		SplittableRandom paths = new SplittableRandom(~seed);
		int length = 15 + random.nextInt(26);
		List<Operation> operations = new ArrayList<>();
		int faultAt = (random.nextDouble() < FAULT_RATE) ? random.nextInt(length) : -1;
		Kind faultKind = pickFault(random);
		int faultInstance = random.nextInt(instances);
		int healAt = -1;
		int slowInstance = -1;
		int slowKey = -1;
		int releaseAt = -1;
		for (int n = 0; n < length; n++) {
			if (n == faultAt) {
				operations.add(new Operation(faultKind, faultInstance, -1));
				if (faultKind != Kind.RESTART_REDIS) {
					healAt = n + 3 + random.nextInt(8);
				}
			}
			if (n == healAt) {
				operations.add(new Operation(Kind.HEAL, faultInstance, -1));
				healAt = -1;
			}
			if (n == releaseAt) {
				operations.add(new Operation(Kind.RELEASE, slowInstance, slowKey));
				slowInstance = -1;
				slowKey = -1;
				releaseAt = -1;
			}
			int instance = random.nextInt(instances);
			int key = random.nextInt(keys);
			Kind kind = pickOperation(random);
			boolean loads = kind == Kind.LOAD || kind == Kind.FAILING_LOAD || kind == Kind.SLOW_LOAD;
			if (loads && instance == slowInstance && key == slowKey) {
				// the pending slow load holds the key's single flight on that instance
				kind = Kind.GET;
			}
			if (kind == Kind.SLOW_LOAD) {
				if (slowInstance >= 0) {
					kind = Kind.LOAD;
				}
				else {
					slowInstance = instance;
					slowKey = key;
					releaseAt = n + 1 + random.nextInt(6);
				}
			}
			if ((kind == Kind.LOAD || kind == Kind.SLOW_LOAD) && paths.nextInt(3) == 0) {
				kind = (kind == Kind.LOAD) ? Kind.CACHEABLE_LOAD : Kind.SLOW_CACHEABLE_LOAD;
			}
			operations.add(new Operation(kind, instance, (kind == Kind.CLEAR) ? -1 : key));
		}
		if (slowInstance >= 0) {
			operations.add(new Operation(Kind.RELEASE, slowInstance, slowKey));
		}
		if (healAt >= 0) {
			operations.add(new Operation(Kind.HEAL, faultInstance, -1));
		}
		return new Schedule(seed, instances, keys, List.copyOf(operations));
	}

	private static Kind pickFault(SplittableRandom random) {
		int draw = random.nextInt(100);
		if (draw < 35) {
			return Kind.BLACK_HOLE;
		}
		if (draw < 60) {
			return Kind.DELAY;
		}
		if (draw < 90) {
			return Kind.LOSE_PUBLISHES;
		}
		return Kind.RESTART_REDIS;
	}

	private static Kind pickOperation(SplittableRandom random) {
		int draw = random.nextInt(100);
		if (draw < 25) {
			return Kind.GET;
		}
		if (draw < 45) {
			return Kind.LOAD;
		}
		if (draw < 49) {
			return Kind.FAILING_LOAD;
		}
		if (draw < 55) {
			return Kind.SLOW_LOAD;
		}
		if (draw < 72) {
			return Kind.PUT;
		}
		if (draw < 84) {
			return Kind.WRITE_EVICT;
		}
		if (draw < 91) {
			return Kind.EVICT;
		}
		if (draw < 94) {
			return Kind.CLEAR;
		}
		return Kind.INVALIDATE_TAG;
	}

	/**
	 * The schedule, one operation a line, numbered.
	 * @return the listing
	 */
	public String describe() {
		StringBuilder text = new StringBuilder("schedule of seed " + this.seed + " (" + this.instances + " instances, "
				+ this.keys + " keys, " + this.operations.size() + " operations):");
		for (int n = 0; n < this.operations.size(); n++) {
			text.append(System.lineSeparator()).append(String.format("%4d  %s", n, this.operations.get(n)));
		}
		return text.toString();
	}

}
