package dev.perfkit.resilience.autoconfigure;

import dev.perfkit.resilience.actuate.WorkersEndpoint;
import dev.perfkit.resilience.actuate.WorkersEndpointWebExtension;
import dev.perfkit.resilience.metrics.WorkerPoolMetrics;
import dev.perfkit.resilience.workers.PriorityWorkerPool;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the priority worker pool, its endpoint and its meters. Needs
 * no Resilience4j.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.resilience.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.resilience.workers.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ResilienceProperties.class)
public final class WorkersAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PriorityWorkerPool perfkitWorkerPool(ResilienceProperties properties) {
		ResilienceProperties.Workers workers = properties.getWorkers();
		PriorityWorkerPool.Settings preset = PriorityWorkerPool.Settings.forWorkload(workers.getWorkload(),
				workers.getQueueCapacity(), workers.getDefaultTimeout(), workers.getQueueTimeout(),
				workers.getRetainedTasks(), workers.getShutdownTimeout());
		int coreSize = (workers.getCoreSize() != null) ? workers.getCoreSize() : preset.coreSize();
		int maxSize = (workers.getMaxSize() != null) ? workers.getMaxSize() : Math.max(coreSize, preset.maxSize());
		return new PriorityWorkerPool(new PriorityWorkerPool.Settings(coreSize, maxSize, preset.queueCapacity(),
				preset.defaultTimeout(), preset.queueTimeout(), preset.retainedTasks(), preset.shutdownTimeout()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class WorkersEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		WorkersEndpoint workersEndpoint(PriorityWorkerPool pool) {
			return new WorkersEndpoint(pool);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(WorkersEndpoint.class)
		WorkersEndpointWebExtension workersEndpointWebExtension(WorkersEndpoint endpoint) {
			return new WorkersEndpointWebExtension(endpoint);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class WorkersMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WorkerPoolMetrics perfkitWorkerPoolMetrics(PriorityWorkerPool pool) {
			return new WorkerPoolMetrics(pool);
		}

	}

}
