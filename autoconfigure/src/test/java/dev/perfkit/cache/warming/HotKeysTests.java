package dev.perfkit.cache.warming;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.perfkit.cache.HotKeys;

import static org.assertj.core.api.Assertions.assertThat;

class HotKeysTests {

	@Test
	void aZipfStreamKeepsTheHottestKeysInBoundedSpace() {
		HotKeys hotKeys = new HotKeys(16);
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 200_000; i++) {
			hotKeys.record("k" + zipf(random, 10_000), 1, 0);
		}
		List<HotKeys.HotKey> top = hotKeys.top(100);
		assertThat(top).hasSize(16);
		assertThat(top.subList(0, 3)).extracting(HotKeys.HotKey::key).containsExactlyInAnyOrder("k1", "k2", "k3");
		assertThat(hotKeys.estimate("k1")).isGreaterThanOrEqualTo(top.get(0).count() / 2);
	}

	@Test
	void loadCostIsKeptPerHotKey() {
		HotKeys hotKeys = new HotKeys(4);
		hotKeys.record("slow", 1, 8_000_000);
		hotKeys.record("slow", 1, 8_000_000);
		assertThat(hotKeys.top(1)).singleElement().satisfies((key) -> {
			assertThat(key.key()).isEqualTo("slow");
			assertThat(key.count()).isEqualTo(2);
			assertThat(key.loadNanos()).isEqualTo(8_000_000);
		});
	}

	@Test
	void manyThreadsRecordingConcurrentlyNeverCorruptTheTopK() {
		HotKeys hotKeys = new HotKeys(8);
		List<CompletableFuture<Void>> threads = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			int seed = t;
			threads.add(CompletableFuture.runAsync(() -> {
				SplittableRandom random = new SplittableRandom(seed);
				for (int i = 0; i < 50_000; i++) {
					hotKeys.record("k" + zipf(random, 1_000), 1, 0);
				}
			}));
		}
		CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).join();
		List<HotKeys.HotKey> top = hotKeys.top(8);
		assertThat(top).hasSizeLessThanOrEqualTo(8).extracting(HotKeys.HotKey::key).contains("k1");
		assertThat(top).extracting(HotKeys.HotKey::key).doesNotHaveDuplicates();
	}

	/** Zipf(s = 1.1) over 1..n by inverse transform of a continuous approximation. */
	static int zipf(SplittableRandom random, int n) {
		double s = 1.1;
		double u = random.nextDouble();
		double max = (Math.pow(n, 1 - s) - 1) / (1 - s);
		double x = Math.pow(u * max * (1 - s) + 1, 1 / (1 - s));
		return Math.max(1, Math.min(n, (int) x));
	}

}
