package dev.perfkit.cache;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentEvictionsTests {

	@Test
	void remembersAtLeastOneGenerationOfEvictionsAndForgetsOlderOnes() {
		RecentEvictions evictions = new RecentEvictions();
		for (int i = 0; i < RecentEvictions.GENERATION; i++) {
			evictions.add("old-" + i);
		}
		for (int i = 0; i < RecentEvictions.GENERATION - 1; i++) {
			assertThat(evictions.mightContain("old-" + i)).isTrue();
		}
		for (int i = 0; i < 2 * RecentEvictions.GENERATION; i++) {
			evictions.add("new-" + i);
		}
		int stillRemembered = 0;
		for (int i = 0; i < RecentEvictions.GENERATION; i++) {
			stillRemembered += evictions.mightContain("old-" + i) ? 1 : 0;
			assertThat(evictions.mightContain("new-" + (RecentEvictions.GENERATION + i))).isTrue();
		}
		assertThat(stillRemembered).isLessThan(RecentEvictions.GENERATION / 20);
	}

	@Test
	void rarelyClaimsAKeyItNeverSaw() {
		RecentEvictions evictions = new RecentEvictions();
		for (int i = 0; i < 2 * RecentEvictions.GENERATION - 1; i++) {
			evictions.add("evicted-" + i);
		}
		int falsePositives = 0;
		for (int i = 0; i < 10_000; i++) {
			falsePositives += evictions.mightContain("never-" + i) ? 1 : 0;
		}
		assertThat(falsePositives).isLessThan(500);
	}

}
