package dev.perfkit.cache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Access frequency of one cache's keys in bounded memory: a count-min sketch estimates every key's frequency and a
 * Space-Saving style top-K keeps the hottest keys with their mean load cost. Recording never blocks: a sample that
 * finds the tracker busy is dropped, which only loses precision.
 *
 * @since 0.1.0
 */
public final class HotKeys {

	private static final int DEPTH = 4;

	private static final int WIDTH = 4096;

	private static final int[] SEEDS = { 0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F };

	private final int capacity;

	private final int[] sketch = new int[DEPTH * WIDTH];

	private final Map<String, Counter> top;

	private final ReentrantLock lock = new ReentrantLock();

	/**
	 * Creates a tracker.
	 * @param capacity how many hot keys to keep
	 */
	public HotKeys(int capacity) {
		this.capacity = capacity;
		this.top = new HashMap<>(capacity * 2);
	}

	/**
	 * Records accesses of a key.
	 * @param key the key
	 * @param weight how many accesses this sample stands for
	 * @param loadNanos what loading the key cost, 0 if unknown
	 */
	public void record(String key, int weight, long loadNanos) {
		if (!this.lock.tryLock()) {
			return;
		}
		try {
			int estimate = increment(key, weight);
			Counter counter = this.top.get(key);
			if (counter == null) {
				if (this.top.size() < this.capacity) {
					counter = new Counter(key);
					this.top.put(key, counter);
				}
				else {
					Counter min = min();
					if (min == null || estimate <= min.count) {
						return;
					}
					this.top.remove(min.key);
					counter = new Counter(key);
					this.top.put(key, counter);
				}
				counter.count = estimate;
			}
			else {
				counter.count += weight;
			}
			if (loadNanos > 0) {
				counter.loadNanos = (counter.loadNanos == 0) ? loadNanos : (counter.loadNanos * 7 + loadNanos) / 8;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The hottest keys, hottest first.
	 * @param limit at most this many
	 * @return the hot keys
	 */
	public List<HotKey> top(int limit) {
		this.lock.lock();
		try {
			List<HotKey> keys = new ArrayList<>(this.top.size());
			for (Counter counter : this.top.values()) {
				keys.add(new HotKey(counter.key, counter.count, counter.loadNanos));
			}
			keys.sort(Comparator.comparingLong(HotKey::count).reversed());
			return (keys.size() > limit) ? List.copyOf(keys.subList(0, limit)) : keys;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Whether a key is among the tracked hot keys now.
	 * @param key the key
	 * @return whether it is tracked; {@code false} when the tracker is busy
	 */
	boolean isTracked(String key) {
		if (!this.lock.tryLock()) {
			return false;
		}
		try {
			return this.top.containsKey(key);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Keeps the call that loaded a tracked hot key, for warming to make again; dropped with the key.
	 * @param key the key
	 * @param invocation the call
	 */
	void attach(String key, CachedInvocation invocation) {
		if (!this.lock.tryLock()) {
			return;
		}
		try {
			Counter counter = this.top.get(key);
			if (counter != null) {
				counter.invocation = invocation;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The call that last loaded a hot key, if it was a {@code @Cacheable} method captured while the key was hot.
	 * @param key the key
	 * @return the call, or {@code null}
	 */
	public @Nullable CachedInvocation invocation(String key) {
		this.lock.lock();
		try {
			Counter counter = this.top.get(key);
			return (counter != null) ? counter.invocation : null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * How many tracked hot keys have a captured call that warming can make again.
	 * @return the number of re-invocable hot keys
	 */
	public int reinvocable() {
		this.lock.lock();
		try {
			int count = 0;
			for (Counter counter : this.top.values()) {
				count += (counter.invocation != null) ? 1 : 0;
			}
			return count;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Seeds the tracker with keys recorded by an earlier run.
	 * @param keys the keys
	 */
	public void restore(List<HotKey> keys) {
		for (HotKey key : keys) {
			this.lock.lock();
			try {
				int weight = (int) Math.min(Integer.MAX_VALUE / 2, key.count());
				int estimate = increment(key.key(), weight);
				if (!this.top.containsKey(key.key()) && this.top.size() < this.capacity) {
					Counter counter = new Counter(key.key());
					counter.count = estimate;
					counter.loadNanos = key.loadNanos();
					this.top.put(key.key(), counter);
				}
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/**
	 * Estimated access count of a key, never below the true count.
	 * @param key the key
	 * @return the estimate
	 */
	public long estimate(String key) {
		this.lock.lock();
		try {
			int hash = key.hashCode();
			int min = Integer.MAX_VALUE;
			for (int row = 0; row < DEPTH; row++) {
				min = Math.min(min, this.sketch[row * WIDTH + index(hash, row)]);
			}
			return min;
		}
		finally {
			this.lock.unlock();
		}
	}

	private int increment(String key, int weight) {
		int hash = key.hashCode();
		int min = Integer.MAX_VALUE;
		for (int row = 0; row < DEPTH; row++) {
			int slot = row * WIDTH + index(hash, row);
			int value = this.sketch[slot];
			value = (value > Integer.MAX_VALUE - weight) ? Integer.MAX_VALUE : value + weight;
			this.sketch[slot] = value;
			min = Math.min(min, value);
		}
		return min;
	}

	private @Nullable Counter min() {
		Counter min = null;
		for (Counter counter : this.top.values()) {
			if (min == null || counter.count < min.count) {
				min = counter;
			}
		}
		return min;
	}

	private static int index(int hash, int row) {
		int h = hash * SEEDS[row];
		h ^= h >>> 15;
		return h & (WIDTH - 1);
	}

	/**
	 * A hot key.
	 *
	 * @param key the key
	 * @param count estimated accesses
	 * @param loadNanos mean cost of loading it, 0 if unknown
	 */
	public record HotKey(String key, long count, long loadNanos) {

	}

	private static final class Counter {

		private final String key;

		private long count;

		private long loadNanos;

		private @Nullable CachedInvocation invocation;

		Counter(String key) {
			this.key = key;
		}

	}

}
