package dev.perfkit.architecture;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureAfter;
import org.springframework.boot.autoconfigure.AutoConfigureBefore;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every registered auto-configuration is a public final {@code @AutoConfiguration}, and every class it names for
 * ordering exists (Spring Boot silently ignores a stale {@code afterName}).
 */
class AutoConfigurationRegistrationTests {

	private static final ClassLoader CLASS_LOADER = AutoConfigurationRegistrationTests.class.getClassLoader();

	@Test
	void registeredAutoConfigurationsArePublicFinalAndAnnotated() {
		List<String> candidates = perfkitCandidates();
		assertThat(candidates).isNotEmpty();
		for (String candidate : candidates) {
			Class<?> type = ClassUtils.resolveClassName(candidate, CLASS_LOADER);
			assertThat(type).as(candidate).hasAnnotation(AutoConfiguration.class);
			assertThat(Modifier.isFinal(type.getModifiers()) && Modifier.isPublic(type.getModifiers())).as(candidate)
				.isTrue();
		}
	}

	@Test
	void everyOrderingReferenceResolves() {
		for (String candidate : perfkitCandidates()) {
			MergedAnnotations annotations = MergedAnnotations.from(ClassUtils.resolveClassName(candidate, CLASS_LOADER));
			List<String> references = new ArrayList<>();
			annotations.stream(AutoConfiguration.class).forEach((annotation) -> {
				references.addAll(List.of(annotation.getStringArray("afterName")));
				references.addAll(List.of(annotation.getStringArray("beforeName")));
			});
			annotations.stream(AutoConfigureAfter.class)
				.forEach((annotation) -> references.addAll(List.of(annotation.getStringArray("name"))));
			annotations.stream(AutoConfigureBefore.class)
				.forEach((annotation) -> references.addAll(List.of(annotation.getStringArray("name"))));
			for (String reference : references) {
				assertThat(ClassUtils.isPresent(reference, CLASS_LOADER)).as(candidate + " refers to " + reference)
					.isTrue();
			}
		}
	}

	private static List<String> perfkitCandidates() {
		return ImportCandidates.load(AutoConfiguration.class, CLASS_LOADER)
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("dev.perfkit."))
			.toList();
	}

}
