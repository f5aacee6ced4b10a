package dev.perfkit.benchmarks.cache;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

import dev.perfkit.cache.CacheLayer;

/**
 * A lower layer that keeps frames in a map: isolates the layered cache's framing, serialization and compression from
 * any network or disk.
 */
final class InMemoryLayer implements CacheLayer {

	private final ConcurrentHashMap<String, byte[]> frames = new ConcurrentHashMap<>();

	@Override
	public String name() {
		return "memory";
	}

	@Override
	public byte[] get(String cache, String key) {
		return this.frames.get(key);
	}

	@Override
	public void put(String cache, String key, byte[] frame, long expiresAtMillis, String[] tags) {
		this.frames.put(key, frame);
	}

	@Override
	public void evict(String cache, String key) {
		this.frames.remove(key);
	}

	@Override
	public void clear(String cache) {
		this.frames.clear();
	}

	@Override
	public void invalidateTags(Collection<String> tags) {
	}

	@Override
	public void ping() {
	}

	int frameLength(String key) {
		byte[] frame = this.frames.get(key);
		return (frame != null) ? frame.length : -1;
	}

}
