package dev.perfkit.cache.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read of L3 never waits behind a purge or a tag invalidation for longer than the busy timeout: it runs on its own
 * connection under WAL, and one that cannot have it in time is a counted miss.
 */
class SqliteCacheLayerLivenessTests {

	private static final Duration BUSY_TIMEOUT = Duration.ofMillis(200);

	// liveness bound asserted (RELIABILITY.md): the busy timeout plus scheduling slack of a loaded 2-core machine
	private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final String[] NO_TAGS = {};

	@TempDir
	Path temp;

	@Test
	void readsAreAnsweredWithinTheBoundDuringAPurgeOf100000RowsAndATagInvalidation() throws Exception {
		Path file = this.temp.resolve("purge.db");
		try (SqliteCacheLayer layer = new SqliteCacheLayer(file, "app", 50_000, BUSY_TIMEOUT, Duration.ofHours(1))) {
			long later = System.currentTimeMillis() + 3_600_000;
			for (int i = 0; i < 100; i++) {
				layer.put("c", "hot-" + i, new byte[] { 1 }, later + 10_000_000 + i, NO_TAGS);
			}
			plant(file, 100_000, 20_000);
			AtomicBoolean running = new AtomicBoolean(true);
			AtomicLong slowest = new AtomicLong();
			LongAdder reads = new LongAdder();
			LongAdder over = new LongAdder();
			CountDownLatch started = new CountDownLatch(4);
			List<CompletableFuture<Void>> readers = new ArrayList<>();
			for (int r = 0; r < 4; r++) {
				int offset = r;
				readers.add(CompletableFuture.runAsync(() -> {
					started.countDown();
					for (int i = offset; running.get(); i++) {
						long start = System.nanoTime();
						layer.get("c", "hot-" + (i % 100));
						long took = System.nanoTime() - start;
						slowest.accumulateAndGet(took, Math::max);
						reads.increment();
						if (took > BOUND_NANOS) {
							over.increment();
						}
					}
				}));
			}
			started.await();
			long start = System.nanoTime();
			int purged = layer.purge();
			long purgeNanos = System.nanoTime() - start;
			start = System.nanoTime();
			layer.invalidateTags(List.of("bulk"));
			long invalidationNanos = System.nanoTime() - start;
			running.set(false);
			CompletableFuture.allOf(readers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			System.out.printf("purge of %d rows %d ms, tag invalidation %d ms; %d reads, slowest %.1f ms,"
					+ " %d read timeouts%n", purged, purgeNanos / 1_000_000, invalidationNanos / 1_000_000, reads.sum(),
					slowest.get() / 1e6, layer.getReadTimeouts());
			assertThat(purged).isEqualTo(100_000);
			assertThat(layer.size("c")).isEqualTo(100);
			assertThat(reads.sum()).isPositive();
			assertThat(over.sum()).as("reads slower than %d ms", BOUND_NANOS / 1_000_000).isZero();
			assertThat(layer.get("c", "hot-1")).isNotNull();
		}
	}

	/** Entries written by another instance of the application: expired ones, and live ones with one tag. */
	private static void plant(Path file, int expired, int tagged) throws Exception {
		byte[] value = new byte[2048];
		long past = System.currentTimeMillis() - 1000;
		long later = System.currentTimeMillis() + 3_600_000;
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
			connection.setAutoCommit(false);
			try (PreparedStatement entry = connection.prepareStatement(
					"INSERT INTO perfkit_cache_entries (namespace, cache, key, value, expires_at) VALUES ('app', 'c', ?, ?, ?)");
					PreparedStatement tag = connection.prepareStatement(
							"INSERT INTO perfkit_cache_tags (namespace, tag, cache, key) VALUES ('app', 'bulk', 'c', ?)")) {
				for (int i = 0; i < expired; i++) {
					entry.setString(1, "old-" + i);
					entry.setBytes(2, value);
					entry.setLong(3, past);
					entry.addBatch();
				}
				for (int i = 0; i < tagged; i++) {
					entry.setString(1, "tagged-" + i);
					entry.setBytes(2, value);
					entry.setLong(3, later + 1_000_000 + i);
					entry.addBatch();
					tag.setString(1, "tagged-" + i);
					tag.addBatch();
				}
				entry.executeBatch();
				tag.executeBatch();
			}
			connection.commit();
		}
	}

}
