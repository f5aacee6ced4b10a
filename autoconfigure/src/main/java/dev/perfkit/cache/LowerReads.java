package dev.perfkit.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.perfkit.cache.LayeredCache.Entry;
import dev.perfkit.cache.LayeredCache.Miss;

/**
 * The reads of one {@link LayeredCache} from its layers below L1, top down, synchronous or not: decoding, counting,
 * promotion of a hit into the layers above it (never from the instance's own file into the shared layer), and its
 * install in L1 under the version guard noted before the read began.
 */
final class LowerReads {

	private static final Log logger = LogFactory.getLog(LayeredCache.class);

	private final String name;

	private final GuardedLayer[] lower;

	// index of the first lower layer in the statistics (1 with L1, else 0)
	private final int lowerOffset;

	private final EntryCodec codec;

	private final CacheStatistics statistics;

	private final HotKeys hotKeys;

	private final VersionGuard guard;

	private final LowerWrites writes;

	// where asynchronous reads continue after a layer answered
	private final Executor asyncExecutor;

	private final Installer installer;

	LowerReads(String name, GuardedLayer[] lower, int lowerOffset, EntryCodec codec, CacheStatistics statistics,
			HotKeys hotKeys, VersionGuard guard, LowerWrites writes, Executor asyncExecutor, Installer installer) {
		this.name = name;
		this.lower = lower;
		this.lowerOffset = lowerOffset;
		this.codec = codec;
		this.statistics = statistics;
		this.hotKeys = hotKeys;
		this.guard = guard;
		this.writes = writes;
		this.asyncExecutor = asyncExecutor;
		this.installer = installer;
	}

	/**
	 * Reads the layers below L1 top down; on a miss, {@code miss} (if given) records what each layer held: nothing or
	 * a tombstone, which a fill must still find there.
	 */
	@Nullable Entry read(Object key, String id, @Nullable Miss miss) {
		if (this.lower.length == 0 || !this.writes.keyFits(id)) {
			return null;
		}
		LowerRead read = new LowerRead(key, id, miss);
		for (int n = 0; n < this.lower.length; n++) {
			Entry entry = read.offer(n, this.lower[n].get(this.name, id));
			if (entry != null) {
				return entry;
			}
		}
		read.missed();
		return null;
	}

	/**
	 * {@link #read} without blocking the caller: each layer answers asynchronously (Redis on Lettuce's threads,
	 * SQLite on the cache's executor), and what follows an answer (decoding, promotion into the layers above, L1)
	 * runs on the cache's executor, never on the client's I/O thread.
	 */
	CompletableFuture<@Nullable Entry> readAsync(Object key, String id, @Nullable Miss miss) {
		if (this.lower.length == 0 || !this.writes.keyFits(id)) {
			return CompletableFuture.completedFuture(null);
		}
		return readAsync(new LowerRead(key, id, miss), 0);
	}

	private CompletableFuture<@Nullable Entry> readAsync(LowerRead read, int n) {
		if (n == this.lower.length) {
			read.missed();
			return CompletableFuture.completedFuture(null);
		}
		return this.lower[n].getAsync(this.name, read.id, this.asyncExecutor).thenComposeAsync((frame) -> {
			Entry entry = read.offer(n, frame);
			return (entry != null) ? CompletableFuture.completedFuture(entry) : readAsync(read, n + 1);
		}, this.asyncExecutor);
	}

	/** One read of the layers below L1, fed their answers top down. */
	private final class LowerRead {

		private final Object key;

		private final String id;

		private final @Nullable Miss miss;

		private final int stripe;

		private final long epoch;

		private final long version;

		private final boolean counted = !WarmingScope.active();

		private int unavailable;

		private boolean expired;

		LowerRead(Object key, String id, @Nullable Miss miss) {
			this.key = key;
			this.id = id;
			this.miss = miss;
			this.stripe = VersionGuard.stripe(id);
			this.epoch = LowerReads.this.guard.epoch();
			this.version = LowerReads.this.guard.version(this.stripe);
		}

		/**
		 * Takes what layer {@code n} answered.
		 * @return the entry if the layer held a live one (promoted and installed), else {@code null}
		 */
		@Nullable Entry offer(int n, byte @Nullable [] frame) {
			GuardedLayer layer = LowerReads.this.lower[n];
			Miss miss = this.miss;
			if (frame == GuardedLayer.UNAVAILABLE) {
				// not promoted into either: a broken layer costs a read at most one timeout
				this.unavailable |= 1 << n;
			}
			else if (frame != null && layer.layer().isTombstone(frame)) {
				if (miss != null) {
					miss.seen[n] = frame;
				}
				frame = null;
			}
			if (frame == null || frame == GuardedLayer.UNAVAILABLE) {
				if (this.counted) {
					LowerReads.this.statistics.miss(LowerReads.this.lowerOffset + n);
				}
				return null;
			}
			EntryCodec.Decoded decoded = decode(layer, this.id, frame);
			long now = System.currentTimeMillis();
			if (decoded == null || decoded.expiresAtMillis() <= now) {
				if (this.counted) {
					LowerReads.this.statistics.miss(LowerReads.this.lowerOffset + n);
				}
				this.expired |= decoded != null;
				return null;
			}
			if (this.counted) {
				LowerReads.this.statistics.hit(LowerReads.this.lowerOffset + n);
			}
			boolean local = !layer.layer().isShared();
			for (int above = 0; above < n; above++) {
				// never from this instance's own file into the shared layer: another instance may have invalidated
				// the entry there a moment ago, and this instance's copy goes only when the invalidation arrives
				GuardedLayer target = LowerReads.this.lower[above];
				if ((this.unavailable & (1 << above)) != 0 || (local && target.layer().isShared())) {
					continue;
				}
				target.fill(LowerReads.this.name, this.id, frame,
						LowerReads.this.writes.expiresAt(above, decoded.expiresAtMillis(), now), decoded.tags(),
						true, (miss != null) ? miss.seen[above] : null);
			}
			Entry entry = new Entry(this.id, decoded.value(), decoded.expiresAtMillis(), decoded.loadNanos(),
					decoded.tags());
			LowerReads.this.installer.install(this.key, entry, this.stripe, this.epoch, this.version);
			LowerReads.this.hotKeys.record(this.id, 0, decoded.loadNanos());
			return entry;
		}

		/** Called when no layer held the key. */
		void missed() {
			if (this.expired && this.counted) {
				LowerReads.this.statistics.expiredMiss();
			}
		}

	}

	/**
	 * Decodes a frame a layer returned; an unreadable one is counted and removed from that layer.
	 * @return the entry, {@code null} if unreadable
	 */
	EntryCodec.@Nullable Decoded decode(GuardedLayer layer, String id, byte[] frame) {
		try {
			return this.codec.decode(frame);
		}
		catch (RuntimeException ex) {
			this.statistics.corrupt();
			if (logger.isDebugEnabled()) {
				logger.debug("Dropping unreadable entry '" + id + "' of cache '" + this.name + "' from layer '"
						+ layer.name() + "'", ex);
			}
			layer.evict(this.name, id);
			return null;
		}
	}

	/** Installs what a read found in L1 if the key's version is still the one noted before the read. */
	@FunctionalInterface
	interface Installer {

		void install(Object key, Entry entry, int stripe, long epoch, long version);

	}

}
