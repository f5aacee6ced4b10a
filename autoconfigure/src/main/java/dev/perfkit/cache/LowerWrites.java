package dev.perfkit.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.perfkit.cache.LayeredCache.Entry;
import dev.perfkit.cache.LayeredCache.Miss;

/**
 * The writes of one {@link LayeredCache} to its layers below L1: encoding an entry into its frame, the key and value
 * limits (what stays in L1 is counted and logged once), each layer's time-to-live cap, and the kind of each write.
 */
final class LowerWrites {

	private static final Log logger = LogFactory.getLog(LayeredCache.class);

	// what frame() returns for an entry beyond the value limit, told apart by identity
	static final byte[] OVERSIZED = new byte[0];

	private final String name;

	private final GuardedLayer[] lower;

	private final long[] lowerTtlMillis;

	private final EntryCodec codec;

	private final CacheStatistics statistics;

	private final int maxKeyBytes;

	// keys of at most this many chars fit whatever their characters (a char is at most 3 UTF-8 bytes)
	private final int maxKeyChars;

	private final int maxValueBytes;

	private final AtomicBoolean oversizedLogged = new AtomicBoolean();

	LowerWrites(String name, GuardedLayer[] lower, EntryCodec codec,
			CacheStatistics statistics, int maxKeyBytes, int maxValueBytes) {
		this.name = name;
		this.lower = lower;
		this.codec = codec;
		this.statistics = statistics;
		this.maxKeyBytes = maxKeyBytes;
		this.maxKeyChars = maxKeyBytes / 3;
		this.maxValueBytes = maxValueBytes;
		this.lowerTtlMillis = new long[lower.length];
		for (int i = 0; i < lower.length; i++) {
			Duration ttl = lower[i].settings().forCache(name).ttl();
			this.lowerTtlMillis[i] = (ttl != null) ? ttl.toMillis() : Long.MAX_VALUE;
		}
	}

	/**
	 * Writes an entry to every layer below L1, each capped by its own time-to-live; an entry beyond the value limit
	 * removes the older copy there instead.
	 * @param miss what the miss of a fill read in each layer, {@code null} for other kinds
	 */
	void write(String id, Entry entry, Kind kind, @Nullable Miss miss) {
		if (this.lower.length == 0) {
			return;
		}
		byte[] frame = frame(id, entry);
		if (frame == OVERSIZED) {
			// an older copy below would otherwise outlive this write
			for (GuardedLayer layer : this.lower) {
				layer.evict(this.name, id);
			}
			return;
		}
		if (frame == null) {
			return;
		}
		long now = System.currentTimeMillis();
		for (int n = 0; n < this.lower.length; n++) {
			long expiresAt = expiresAt(n, entry.expiresAtMillis, now);
			switch (kind) {
				case UPDATE -> this.lower[n].put(this.name, id, frame, expiresAt, entry.tags);
				case FILL -> this.lower[n].fill(this.name, id, frame, expiresAt, entry.tags, true,
						(miss != null) ? miss.seen[n] : null);
				case REFRESH -> this.lower[n].fill(this.name, id, frame, expiresAt, entry.tags, false, null);
			}
		}
	}

	/**
	 * Encodes an entry for the layers below L1.
	 * @return the frame, {@link #OVERSIZED} if it exceeds the value limit, or {@code null} if the key or the value
	 * stays in L1 (counted and logged)
	 */
	byte @Nullable [] frame(String id, Entry entry) {
		if (!keyFits(id)) {
			this.statistics.oversizedKey();
			logOversized("a key of " + id.length() + " chars");
			return null;
		}
		byte[] frame;
		try {
			frame = this.codec.encode(entry.value, entry.expiresAtMillis, entry.loadNanos, entry.tags);
		}
		catch (UnsupportedCacheValueException ex) {
			if (this.statistics.refused(ex.getValueType(), ex.getMessage())) {
				logger.warn("Cache '" + this.name + "' keeps values of type " + ex.getValueType()
						+ " in memory only, not in Redis/SQLite: " + ex.getMessage() + " (logged once per type)");
			}
			return null;
		}
		catch (RuntimeException ex) {
			this.statistics.corrupt();
			logger.warn("Cannot serialize value of '" + id + "' in cache '" + this.name
					+ "'; it is kept in memory only: " + ex);
			return null;
		}
		int rawLength = EntryCodec.rawValueLength(frame);
		// the raw length too: a frame declaring more is refused when read back, so it would only cost misses
		if (frame.length > this.maxValueBytes || rawLength > this.maxValueBytes) {
			this.statistics.oversizedValue();
			logOversized("an entry of " + Math.max(frame.length, rawLength) + " bytes");
			return OVERSIZED;
		}
		this.statistics.serialized(rawLength);
		return frame;
	}

	/** Whether a key is within the key limit; decided on its length alone unless it is close to the limit. */
	boolean keyFits(String id) {
		int chars = id.length();
		if (chars <= this.maxKeyChars) {
			return true;
		}
		if (chars > this.maxKeyBytes) {
			return false;
		}
		int bytes = 0;
		for (int i = 0; i < chars; i++) {
			char c = id.charAt(i);
			bytes += (c < 0x80) ? 1 : (c < 0x800 || Character.isSurrogate(c)) ? 2 : 3;
		}
		return bytes <= this.maxKeyBytes;
	}

	/** An entry's expiry in layer {@code n}: its own, capped by the layer's time-to-live from {@code now}. */
	long expiresAt(int n, long expiresAtMillis, long now) {
		long layerTtlMillis = this.lowerTtlMillis[n];
		return (layerTtlMillis == Long.MAX_VALUE) ? expiresAtMillis : Math.min(expiresAtMillis, now + layerTtlMillis);
	}

	private void logOversized(String what) {
		if (this.oversizedLogged.compareAndSet(false, true)) {
			logger.warn("Cache '" + this.name + "' keeps " + what + " in memory only: it exceeds the limits of"
					+ " perfkit.cache.limits (logged once per cache; see perfkit.cache.oversized)");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Keeping " + what + " of cache '" + this.name + "' in memory only");
		}
	}

	/**
	 * Kinds of write to the lower layers: an update (a put) overwrites and is repaired if skipped; a fill (a loader's
	 * or a {@code @Cacheable} miss's result) is stored only where the key still holds what the miss read; an early
	 * refresh overwrites what it refreshes and is dropped if skipped.
	 */
	enum Kind {

		UPDATE, FILL, REFRESH

	}

}
