package dev.perfkit.monitor.autoconfigure;

import io.micrometer.core.annotation.Counted;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.aop.CountedAspect;
import io.micrometer.core.aop.TimedAspect;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAspectsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsAnnotationsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, MetricsAspectsAutoConfiguration.class,
				MetricsAnnotationsAutoConfiguration.class))
		.withUserConfiguration(PricingConfiguration.class);

	@Test
	void timedAndCountedWorkWithoutFurtherSetup() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(TimedAspect.class).hasSingleBean(CountedAspect.class);
			PricingService pricing = context.getBean(PricingService.class);
			pricing.quote();
			pricing.quote();
			pricing.validate();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("pricing.quote").timer().count()).isEqualTo(2);
			assertThat(registry.get("pricing.validations").counter().count()).isOne();
		});
	}

	@Test
	void backsOffWhenSpringBootRegistersTheAspects() {
		this.contextRunner.withPropertyValues("management.observations.annotations.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(TimedAspect.class)
				.hasSingleBean(CountedAspect.class)
				.hasBean("timedAspect")
				.doesNotHaveBean("perfkitTimedAspect")
				.doesNotHaveBean("perfkitCountedAspect"));
	}

	@Test
	void canBeSwitchedOff() {
		this.contextRunner.withPropertyValues("perfkit.metrics.annotations.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TimedAspect.class));
	}

	@Test
	void needsAspectJ() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.aspectj"))
			.run((context) -> assertThat(context).doesNotHaveBean(TimedAspect.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class PricingConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		PricingService pricingService() {
			return new PricingService();
		}

	}

	static class PricingService {

		@Timed("pricing.quote")
		public String quote() {
			return "42";
		}

		@Counted("pricing.validations")
		public void validate() {
		}

	}

}
