package dev.perfkit.resilience.autoconfigure;

import java.time.Duration;

import dev.perfkit.resilience.actuate.WorkersEndpoint;
import dev.perfkit.resilience.metrics.WorkerPoolMetrics;
import dev.perfkit.resilience.workers.PriorityWorkerPool;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class WorkersAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkersAutoConfiguration.class));

	@Test
	void providesPoolSizedByTheBalancedPresetWithEndpointAndMeters() {
		int cpus = Runtime.getRuntime().availableProcessors();
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=workers").run((context) -> {
			PriorityWorkerPool pool = context.getBean(PriorityWorkerPool.class);
			assertThat(pool.getSettings().coreSize()).isEqualTo(2 * cpus);
			assertThat(pool.getSettings().maxSize()).isEqualTo(4 * cpus);
			assertThat(pool.getSettings().queueCapacity()).isEqualTo(1000);
			assertThat(context).hasSingleBean(WorkersEndpoint.class).hasSingleBean(WorkerPoolMetrics.class);
		});
	}

	@Test
	void explicitSizesAndWorkloadPresetApply() {
		this.contextRunner
			.withPropertyValues("perfkit.resilience.workers.workload=cpu-bound",
					"perfkit.resilience.workers.core-size=3", "perfkit.resilience.workers.queue-capacity=7",
					"perfkit.resilience.workers.default-timeout=5s")
			.run((context) -> {
				PriorityWorkerPool.Settings settings = context.getBean(PriorityWorkerPool.class).getSettings();
				assertThat(settings.coreSize()).isEqualTo(3);
				assertThat(settings.maxSize()).isGreaterThanOrEqualTo(3);
				assertThat(settings.queueCapacity()).isEqualTo(7);
				assertThat(settings.defaultTimeout()).isEqualTo(Duration.ofSeconds(5));
			});
	}

	@Test
	void backsOffWhenWorkersAreDisabled() {
		this.contextRunner.withPropertyValues("perfkit.resilience.workers.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PriorityWorkerPool.class));
	}

	@Test
	void backsOffWhenResilienceIsDisabled() {
		this.contextRunner.withPropertyValues("perfkit.resilience.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PriorityWorkerPool.class));
	}

	@Test
	void backsOffWhenUserDefinesAPool() {
		this.contextRunner.withUserConfiguration(UserPool.class)
			.run((context) -> assertThat(context.getBean(PriorityWorkerPool.class).getSettings().coreSize())
				.isEqualTo(1));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserPool {

		@Bean
		PriorityWorkerPool userPool() {
			return new PriorityWorkerPool(new PriorityWorkerPool.Settings(1, 1, 1, Duration.ofSeconds(1),
					Duration.ofSeconds(1), 1, Duration.ofSeconds(1)));
		}

	}

}
