package dev.perfkit.autoconfigure.startup;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.perfkit.autoconfigure.PerfkitAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code perfkit.enabled=false} Perfkit costs an application almost nothing at start-up: compared with the same
 * application with Perfkit's classes off the class path (the libraries stay), no class of any library is loaded more
 * (no Resilience4j, AspectJ, SQLite, Jackson or JSqlParser class) and only a few of Perfkit's own. Class loading is deterministic, so this holds on a loaded machine too (no
 * timings are asserted; BENCHMARKS.md has the CPU figures).
 */
class DisabledPerfkitClassLoadingTests {

	private static final Pattern LOADED = Pattern.compile("\\]\\s(\\S+) source:");

	@Test
	void disabledPerfkitLoadsNoLibraryAndOnlyAFewOfItsOwnClassesBeyondTheApplicationWithoutIt(@TempDir Path folder)
			throws Exception {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String perfkit = Path.of(PerfkitAutoConfiguration.class.getProtectionDomain().getCodeSource().getLocation().toURI())
			.toString();
		String withoutPerfkit = Stream.of(classPath.split(File.pathSeparator))
			.filter((entry) -> !Path.of(entry).toAbsolutePath().toString().equals(perfkit))
			.collect(Collectors.joining(File.pathSeparator));
		assertThat(withoutPerfkit).isNotEqualTo(classPath);
		Set<String> without = loadedClasses(folder, "without", withoutPerfkit);
		Set<String> disabled = loadedClasses(folder, "disabled", classPath, "--perfkit.enabled=false");
		assertThat(without).isNotEmpty().noneMatch(DisabledPerfkitClassLoadingTests::isPerfkit);
		Set<String> more = new TreeSet<>(disabled);
		more.removeAll(without);
		// lambdas and hidden classes carry a per-run suffix; the JDK's own classes are not the starter's cost
		// the JDK's own classes come and go with the JVM's doings (a GC notification loads com.sun.management and
		// javax.management classes, or not, in either run)
		more.removeIf((name) -> name.contains("$$Lambda") || name.contains("/0x") || name.startsWith("java.")
				|| name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
				|| name.startsWith("com.sun."));
		// no class of the libraries the starter brings is loaded because of Perfkit, nor Bean Validation's metadata;
		// what remains beyond Perfkit's and Spring's own are the classes named by class-level @ConditionalOnClass
		// (Boot's import filter loads them, without initializing them) and annotation proxies
		assertThat(more).noneMatch((name) -> Stream
			.of("io.github.resilience4j.", "org.aspectj.", "org.sqlite.", "net.ttddyy.", "net.sf.jsqlparser.",
					"net.jpountz.", "com.github.luben.", "com.github.benmanes.", "tools.jackson.", "org.hibernate.validator.",
					"jakarta.validation.", "io.lettuce.", "org.webjars.")
			.anyMatch(name::startsWith));
		more.removeIf((name) -> isPerfkit(name) || name.startsWith("org.springframework.") || name.contains("$Proxy"));
		assertThat(more).as("library classes loaded only by class-level conditions").hasSizeLessThan(10);
		// Perfkit's root properties and their auto-configuration, condition classes, and the bean types named by
		// class-level @ConditionalOnBean (Boot's import filter loads them, without initializing them)
		Set<String> perfkitClasses = new TreeSet<>(disabled);
		perfkitClasses.removeIf((name) -> !isPerfkit(name));
		assertThat(perfkitClasses).contains("dev.perfkit.autoconfigure.PerfkitProperties").hasSizeLessThan(30);
	}

	private static boolean isPerfkit(String name) {
		return name.startsWith("dev.perfkit.") && !name.startsWith("dev.perfkit.autoconfigure.startup.");
	}

	private static Set<String> loadedClasses(Path folder, String name, String classPath, String... args)
			throws IOException, InterruptedException {
		Path classes = folder.resolve(name + "-classes.txt");
		Path output = folder.resolve(name + ".log");
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xlog:class+load=info:file=" + classes,
				"-cp", classPath, MinimalApplication.class.getName(),
				"--perfkit.cache.sqlite.path=" + folder.resolve(name + ".db"), "--spring.main.banner-mode=off"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as(() -> read(output)).isZero();
		Set<String> loaded = new TreeSet<>();
		for (String line : Files.readAllLines(classes)) {
			Matcher matcher = LOADED.matcher(line);
			if (matcher.find()) {
				loaded.add(matcher.group(1));
			}
		}
		return loaded;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

}
