package dev.perfkit.test;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Finds a Redis server for tests, in this order:
 * <ol>
 * <li>the {@code REDIS_URL} environment variable, used as given;</li>
 * <li>a server answering {@code PING} on {@code 127.0.0.1:6379};</li>
 * <li>a {@code redis:7-alpine} container, when Testcontainers finds Docker;</li>
 * <li>a {@link RedisServerProcess} started from the {@code redis-server} on the
 * {@code PATH}.</li>
 * </ol>
 * The result is kept for the JVM, so one JVM starts at most one container or process,
 * which ends when the JVM exits. Tests share the server: they must use a unique key
 * prefix and never flush it. Tests that stop or break Redis start their own
 * {@link RedisServerProcess} instead.
 *
 * @since 0.1.0
 */
public final class RedisLocator {

	private static final Logger logger = LoggerFactory.getLogger(RedisLocator.class);

	/**
	 * Environment variable that names the Redis to use, as a {@code redis://} or
	 * {@code rediss://} URL.
	 */
	public static final String REDIS_URL = "REDIS_URL";

	static final String LOOPBACK_HOST = "127.0.0.1";

	static final int LOOPBACK_PORT = 6379;

	private static final int DEFAULT_PORT = 6379;

	private static final String IMAGE = "redis:7-alpine";

	private static final Duration PING_TIMEOUT = Duration.ofMillis(500);

	private static @Nullable RedisEndpoint located;

	private static @Nullable RedisEndpoint fallback;

	private RedisLocator() {
	}

	/**
	 * Returns the Redis that tests in this JVM use, finding or starting it on first use.
	 * @return the Redis endpoint
	 * @throws IllegalStateException if no Redis is available and none can be started
	 */
	public static synchronized RedisEndpoint locate() {
		if (located == null) {
			located = locate(System.getenv(), LOOPBACK_HOST, LOOPBACK_PORT, Docker::isAvailable);
			logger.info("Tests use Redis at {} ({})", located.address(), located.source());
		}
		return located;
	}

	static RedisEndpoint locate(Map<String, String> env, String loopbackHost, int loopbackPort,
			BooleanSupplier dockerAvailable) {
		String url = env.get(REDIS_URL);
		if (url != null && !url.isBlank()) {
			return fromUrl(url.trim(), REDIS_URL);
		}
		if (Resp.ping(loopbackHost, loopbackPort, PING_TIMEOUT)) {
			return RedisEndpoint.of(loopbackHost, loopbackPort,
					"redis-server answering on " + loopbackHost + ":" + loopbackPort);
		}
		return fallback(dockerAvailable);
	}

	static RedisEndpoint fromUrl(String url, String source) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(source + " is not a valid URL: " + url, ex);
		}
		String scheme = uri.getScheme();
		String host = uri.getHost();
		if (scheme == null || !(scheme.equals("redis") || scheme.equals("rediss")) || host == null) {
			throw new IllegalStateException(
					source + " must look like redis://host:port or rediss://host:port, was " + url);
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : DEFAULT_PORT;
		return new RedisEndpoint(host, port, url, source);
	}

	private static synchronized RedisEndpoint fallback(BooleanSupplier dockerAvailable) {
		if (fallback == null) {
			fallback = dockerAvailable.getAsBoolean() ? startContainer() : startProcess();
		}
		return fallback;
	}

	private static RedisEndpoint startContainer() {
		GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(6379);
		ManagedProcesses.register(container);
		container.start();
		return RedisEndpoint.of(container.getHost(), container.getMappedPort(6379), "Testcontainers " + IMAGE);
	}

	private static RedisEndpoint startProcess() {
		if (Executables.find("redis-server").isEmpty()) {
			throw new IllegalStateException("No Redis for tests: " + REDIS_URL + " is not set, nothing answers PING on "
					+ LOOPBACK_HOST + ":" + LOOPBACK_PORT + ", Docker is not available for Testcontainers and there "
					+ "is no redis-server on the PATH. Set " + REDIS_URL + " (redis://host:port), start Redis on "
					+ LOOPBACK_HOST + ":" + LOOPBACK_PORT + ", start Docker, or install redis-server.");
		}
		RedisServerProcess server = RedisServerProcess.start();
		return RedisEndpoint.of(server.host(), server.port(),
				"redis-server started on " + server.address() + " (pid " + server.pid() + ")");
	}

}
