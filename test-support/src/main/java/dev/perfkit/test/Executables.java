package dev.perfkit.test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds executables on the {@code PATH}.
 */
final class Executables {

	private Executables() {
	}

	static Optional<Path> find(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty()) {
				Path candidate = Path.of(directory, name);
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

	static String require(String name) {
		return find(name).map(Path::toString)
			.orElseThrow(() -> new IllegalStateException("No '" + name + "' on the PATH (" + System.getenv("PATH")
					+ "); install Redis (for example apt-get install redis-server redis-tools)"));
	}

}
