package dev.perfkit.test;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Whether Testcontainers can reach a Docker engine, asked once per JVM.
 */
final class Docker {

	private static final Logger logger = LoggerFactory.getLogger(Docker.class);

	private static @Nullable Boolean available;

	private Docker() {
	}

	static synchronized boolean isAvailable() {
		if (available == null) {
			available = check();
		}
		return available;
	}

	private static boolean check() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Docker is not available", ex);
			return false;
		}
	}

}
