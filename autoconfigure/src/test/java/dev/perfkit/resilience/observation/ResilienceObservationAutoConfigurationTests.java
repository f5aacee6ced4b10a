package dev.perfkit.resilience.observation;

import java.time.Duration;

import dev.perfkit.autoconfigure.TestObservationRegistryConfiguration;
import dev.perfkit.resilience.RateLimitExceededException;
import dev.perfkit.resilience.autoconfigure.ResilienceAutoConfiguration;
import dev.perfkit.resilience.autoconfigure.ResilienceObservationAutoConfiguration;
import dev.perfkit.resilience.autoconfigure.WorkersAutoConfiguration;
import dev.perfkit.resilience.guard.GuardRegistry;
import dev.perfkit.resilience.workers.PriorityWorkerPool;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ResilienceObservationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class, WorkersAutoConfiguration.class,
				ResilienceObservationAutoConfiguration.class, AopAutoConfiguration.class,
				CircuitBreakerAutoConfiguration.class, RateLimiterAutoConfiguration.class,
				BulkheadAutoConfiguration.class, RetryAutoConfiguration.class, TimeLimiterAutoConfiguration.class))
		.withPropertyValues("perfkit.resilience.guards.llm.rate-limit=true", "perfkit.resilience.rate-limit.limit=1",
				"perfkit.resilience.observations.enabled=true")
		.withUserConfiguration(TestObservationRegistryConfiguration.class);

	@Test
	void everyGuardedCallIsObservedAndARefusalIsItsError() {
		this.contextRunner.run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			GuardRegistry guards = context.getBean(GuardRegistry.class);
			assertThat(guards.guard("llm").execute("client-a", () -> "answer")).isEqualTo("answer");
			assertThatExceptionOfType(RateLimitExceededException.class)
				.isThrownBy(() -> guards.guard("llm").execute("client-a", () -> "again"));
			assertThat(registry).hasNumberOfObservationsWithNameEqualTo("perfkit.guard", 2)
				.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("guard llm")
					.hasLowCardinalityKeyValue("guard", "llm")
					.doesNotHaveError())
				.hasAnObservation((observation) -> observation.hasNameEqualTo("perfkit.guard")
					.assertThatError()
					.isInstanceOf(RateLimitExceededException.class));
		});
	}

	@Test
	void workerTaskIsObservedAsAChildOfWhereItWasSubmitted() {
		this.contextRunner.run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			PriorityWorkerPool pool = context.getBean(PriorityWorkerPool.class);
			Observation request = Observation.start("request", registry);
			String result;
			try (Observation.Scope scope = request.openScope()) {
				result = pool.submit("report-1", 5, Duration.ofSeconds(30), () -> "done").result().get();
			}
			request.stop();
			assertThat(result).isEqualTo("done");
			assertThat(registry).hasObservationWithNameEqualTo("perfkit.workers.task")
				.that()
				.hasContextualNameEqualTo("worker task")
				.hasHighCardinalityKeyValue("task.id", "report-1")
				.hasHighCardinalityKeyValue("task.priority", "5")
				.hasParentObservationContextMatching((parent) -> parent.getName().equals("request"))
				.hasBeenStopped();
		});
	}

	@Test
	void offByProperty() {
		this.contextRunner.withPropertyValues("perfkit.resilience.observations.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ResilienceObservations.class);
			context.getBean(GuardRegistry.class).guard("llm").execute("client-b", () -> "answer");
			assertThat(context.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
		});
	}

}
