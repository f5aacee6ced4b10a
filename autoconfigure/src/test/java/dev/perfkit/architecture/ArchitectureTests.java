package dev.perfkit.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the house rules of STYLE.md true for the main code.
 */
class ArchitectureTests {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
		.importPackages("dev.perfkit");

	@Test
	void autoConfigurationsArePublicFinalAndLiveInAutoconfigurePackages() {
		classes().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.haveModifier(com.tngtech.archunit.core.domain.JavaModifier.FINAL)
			.andShould()
			.bePublic()
			.andShould()
			.resideInAPackage("..autoconfigure..")
			.check(MAIN);
	}

	@Test
	void runtimePackagesDoNotDependOnAutoConfiguration() {
		noClasses().that()
			.resideOutsideOfPackage("..autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..autoconfigure..")
			.allowEmptyShould(true)
			.check(MAIN);
	}

	@Test
	void capabilitiesHaveNoPackageCycles() {
		slices().matching("dev.perfkit.(**)").should().beFreeOfCycles().allowEmptyShould(true).check(MAIN);
	}

	@Test
	void mainCodeDoesNotUseComponentScanning() {
		noClasses().should()
			.beAnnotatedWith(org.springframework.context.annotation.ComponentScan.class)
			.orShould()
			.beAnnotatedWith(org.springframework.stereotype.Component.class)
			.check(MAIN);
	}

}
