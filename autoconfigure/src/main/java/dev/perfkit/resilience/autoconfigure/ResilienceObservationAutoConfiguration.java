package dev.perfkit.resilience.autoconfigure;

import dev.perfkit.autoconfigure.ObservationDefaults;
import dev.perfkit.resilience.guard.GuardRegistry;
import dev.perfkit.resilience.observation.GuardObservationConvention;
import dev.perfkit.resilience.observation.ResilienceObservations;
import dev.perfkit.resilience.observation.WorkerTaskObservationConvention;
import dev.perfkit.resilience.workers.PriorityWorkerPool;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the observations of guarded calls and worker tasks, in
 * Boot's {@link ObservationRegistry}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { ResilienceAutoConfiguration.class, WorkersAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(value = ObservationRegistry.class,
		name = "io.github.resilience4j.circuitbreaker.CircuitBreaker")
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "perfkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.resilience.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "perfkit.resilience.observations.enabled", matchIfMissing = true)
public final class ResilienceObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ResilienceObservations resilienceObservations(ObservationRegistry registry, Environment environment,
			ListableBeanFactory beans, ObjectProvider<GuardObservationConvention> guardConvention,
			ObjectProvider<WorkerTaskObservationConvention> taskConvention, ObjectProvider<GuardRegistry> guards,
			ObjectProvider<PriorityWorkerPool> pools) {
		ResilienceObservations observations = new ResilienceObservations(
				ObservationDefaults.registry(registry, environment, "perfkit.resilience.observations.enabled", beans),
				guardConvention.getIfUnique(), taskConvention.getIfUnique());
		guards.orderedStream().forEach((registryOfGuards) -> registryOfGuards.getGuards()
			.forEach((guard) -> guard.observe(observations)));
		pools.orderedStream().forEach((pool) -> pool.observe(observations));
		return observations;
	}

}
