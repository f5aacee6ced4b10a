package dev.perfkit.cache;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link LayeredCache#policy()}: the knobs of tuning, warming and the memory guard, apart from the cache's API.
 */
class LayeredCachePolicyTests {

	private final LayeredCache cache = LayeredCacheManager
		.builder(new JacksonCacheValueSerializer(List.of(), getClass().getClassLoader()))
		.build()
		.getLayeredCache("policy");

	@Test
	void turnsTheTimeToLiveOfNewEntries() {
		LayeredCachePolicy policy = this.cache.policy();
		policy.setTtl(Duration.ofSeconds(5));
		assertThat(policy.getTtl()).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.cache.policy().getTtl()).isEqualTo(Duration.ofSeconds(5));
		assertThatIllegalArgumentException().isThrownBy(() -> policy.setTtl(Duration.ZERO));
	}

	@Test
	void resizesL1() {
		LayeredCachePolicy policy = this.cache.policy();
		this.cache.put("k", "v");
		assertThat(policy.isInMemory("k")).isTrue();
		policy.setMemoryMaximumSize(0);
		assertThat(policy.getMemoryMaximumSize()).isZero();
		this.cache.get("k");
		org.awaitility.Awaitility.await().until(() -> !policy.isInMemory("k"));
		policy.setMemoryMaximumSize(10);
		assertThat(this.cache.policy().getMemoryMaximumSize()).isEqualTo(10);
	}

	@Test
	void marksWarmedEntriesAndWarmsOnlyWhatALayerHolds() {
		LayeredCachePolicy policy = this.cache.policy();
		this.cache.put("k", "v");
		assertThat(policy.markWarmed("k")).isTrue();
		assertThat(policy.markWarmed("absent")).isFalse();
		assertThat(this.cache.getStatistics().getWarmedEntries()).isEqualTo(1);
		// no layer below L1 to copy from
		assertThat(policy.warm("absent")).isFalse();
		assertThat(policy.warm("k")).isTrue();
	}

}
