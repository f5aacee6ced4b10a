package dev.perfkit.cache;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Approximate memory of the keys L1 evicted most recently, in fixed memory (16 KiB): two generations of a two-hash
 * Bloom filter, the older one dropped once the newer has taken {@value #GENERATION} keys. A key is remembered for at
 * least its generation's 4,096 later evictions and at most 8,192; false positives stay near 1.4%. Lost updates under
 * contention only cost precision.
 */
final class RecentEvictions {

	static final int GENERATION = 4096;

	private static final int BITS = 1 << 16;

	private static final int WORDS = BITS / 64;

	private final AtomicLongArray[] generations = { new AtomicLongArray(WORDS), new AtomicLongArray(WORDS) };

	private final AtomicInteger added = new AtomicInteger();

	private volatile int current;

	void add(String key) {
		int count = this.added.incrementAndGet();
		if (count >= GENERATION) {
			synchronized (this) {
				if (this.added.get() >= GENERATION) {
					int older = 1 - this.current;
					AtomicLongArray stale = this.generations[older];
					for (int i = 0; i < WORDS; i++) {
						stale.set(i, 0);
					}
					this.current = older;
					this.added.set(0);
				}
			}
		}
		AtomicLongArray bits = this.generations[this.current];
		int hash = spread(key.hashCode());
		set(bits, hash);
		set(bits, hash >>> 16 | hash << 16);
	}

	boolean mightContain(String key) {
		int hash = spread(key.hashCode());
		int second = hash >>> 16 | hash << 16;
		for (AtomicLongArray bits : this.generations) {
			if (isSet(bits, hash) && isSet(bits, second)) {
				return true;
			}
		}
		return false;
	}

	private static void set(AtomicLongArray bits, int hash) {
		int bit = hash & (BITS - 1);
		long mask = 1L << bit;
		int word = bit >>> 6;
		long value = bits.get(word);
		if ((value & mask) == 0) {
			bits.getAndAccumulate(word, mask, (a, b) -> a | b);
		}
	}

	private static boolean isSet(AtomicLongArray bits, int hash) {
		int bit = hash & (BITS - 1);
		return (bits.get(bit >>> 6) & (1L << bit)) != 0;
	}

	private static int spread(int hash) {
		int h = hash * 0x9E3779B1;
		return h ^ (h >>> 15);
	}

}
