package dev.perfkit.cache.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.TaskScheduler;

import dev.perfkit.cache.LayeredCacheManager;
import dev.perfkit.cache.guard.HeapPressure;
import dev.perfkit.cache.guard.MemoryGuard;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for the memory guard,
 * which shrinks L1 caches under heap pressure and restores them afterwards.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LayeredCacheAutoConfiguration.class)
@ConditionalOnBean(LayeredCacheManager.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.cache.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.cache.memory-guard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MemoryGuardProperties.class)
public final class MemoryGuardAutoConfiguration {

	MemoryGuardAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	HeapPressure heapPressure() {
		return HeapPressure.afterGc();
	}

	@Bean
	@ConditionalOnMissingBean
	MemoryGuard memoryGuard(LayeredCacheManager cacheManager, HeapPressure heapPressure,
			ObjectProvider<TaskScheduler> scheduler, MemoryGuardProperties properties) {
		return new MemoryGuard(cacheManager, heapPressure,
				new MemoryGuard.Settings(properties.getHeapThreshold(), properties.getCheckInterval(),
						properties.getShrinkFactor(), properties.getMinimumSize(), properties.getRestoreStep()),
				scheduler.getIfUnique());
	}

}
