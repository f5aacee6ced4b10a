package dev.perfkit.autoconfigure.startup;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with the starter's libraries but without the optional ones an application adds itself (here
 * Resilience4j's Boot starter, {@code resilience4j-spring-boot4}, and its Spring glue) starts without a warning:
 * Perfkit's auto-configurations name optional classes as strings ({@code afterName}), never as class literals, which
 * Spring reports as a {@code TypeNotPresentException} ("Failed to introspect meta-annotation @AutoConfiguration")
 * whenever it introspects the class. Run in a JVM of its own, on the test class path without those jars.
 */
class OptionalLibrariesStartupTests {

	/** Jars an application has only when it adds Resilience4j's Boot starter itself. */
	private static final List<String> RESILIENCE4J_BOOT = List.of("resilience4j-spring-boot4", "resilience4j-spring6",
			"resilience4j-framework-common");

	@Test
	void startsWithoutWarningsWithoutResilience4jBootStarter(@TempDir Path folder) throws Exception {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String without = Stream.of(classPath.split(File.pathSeparator))
			.filter((entry) -> RESILIENCE4J_BOOT.stream().noneMatch(Path.of(entry).getFileName().toString()::startsWith))
			.collect(Collectors.joining(File.pathSeparator));
		assertThat(without).isNotEqualTo(classPath);
		assertThat(without).doesNotContain("resilience4j-spring-boot4");
		String output = run(folder, without);
		assertThat(output).as(output)
			.contains("Started MinimalApplication")
			.doesNotContain("TypeNotPresentException")
			.doesNotContain("Failed to introspect")
			.doesNotContain("NoClassDefFoundError");
		assertThat(output.lines().filter((line) -> line.contains(" WARN ") && line.contains("dev.perfkit")))
			.as(output)
			.isEmpty();
	}

	private static String run(Path folder, String classPath) throws IOException, InterruptedException {
		Path output = folder.resolve("application.log");
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = List.of(java, "-cp", classPath, MinimalApplication.class.getName(),
				"--perfkit.cache.sqlite.path=" + folder.resolve("l3.db"), "--spring.main.banner-mode=off");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
		String log = Files.readString(output);
		assertThat(process.exitValue()).as(log).isZero();
		return log;
	}

}
