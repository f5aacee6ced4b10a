package dev.perfkit.autoconfigure;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

class PerfkitAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(allPerfkitAutoConfigurations()));

	@Test
	void bindsRootPropertiesByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(PerfkitProperties.class);
			assertThat(context.getBean(PerfkitProperties.class).isEnabled()).isTrue();
		});
	}

	@Test
	void everyCapabilityBacksOffWhenPerfkitIsDisabled() {
		this.contextRunner.withPropertyValues("perfkit.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			List<String> perfkitBeans = Arrays.stream(context.getBeanDefinitionNames())
				.filter((name) -> {
					Class<?> type = context.getType(name);
					// the root package holds only the switch itself, bound on purpose
					return type != null && type.getName().startsWith("dev.perfkit.")
							&& !type.getPackageName().equals(PerfkitAutoConfiguration.class.getPackageName());
				})
				.toList();
			assertThat(perfkitBeans).isEmpty();
		});
	}

	@Test
	void everyAutoConfigurationIsRegisteredInTheImportsFile() {
		assertThat(allPerfkitAutoConfigurations()).contains(PerfkitAutoConfiguration.class);
	}

	static Class<?>[] allPerfkitAutoConfigurations() {
		ClassLoader classLoader = PerfkitAutoConfigurationTests.class.getClassLoader();
		return ImportCandidates.load(AutoConfiguration.class, classLoader)
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("dev.perfkit."))
			.map((name) -> ClassUtils.resolveClassName(name, classLoader))
			.toArray(Class<?>[]::new);
	}

}
