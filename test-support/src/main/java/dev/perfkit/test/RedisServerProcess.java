package dev.perfkit.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dedicated {@code redis-server} process on a free loopback port, for tests that stop,
 * pause or break Redis on purpose.
 * <p>
 * The server binds {@code 127.0.0.1}, persists nothing ({@code --save ""},
 * {@code --appendonly no}) and works in its own temporary directory, which also holds
 * its log. It survives {@link #stop()} and {@link #kill()} as an object so that
 * {@link #restart()} can bring it back on the same port; {@link #close()} ends it for
 * good. Processes still running when the JVM exits are killed by a shutdown hook.
 * <pre class="code">
 * try (RedisServerProcess redis = RedisServerProcess.start()) {
 *     RedisClient client = RedisClient.create(redis.url());
 *     ...
 *     redis.kill();
 *     ...
 *     redis.restart();
 * }
 * </pre>
 *
 * @since 0.1.0
 */
public final class RedisServerProcess implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisServerProcess.class);

	private static final String HOST = "127.0.0.1";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration PING_TIMEOUT = Duration.ofMillis(500);

	private static final int START_ATTEMPTS = 5;

	private static final int LOG_TAIL_LINES = 20;

	private static final String LOG_FILE = "redis.log";

	private static final String OUTPUT_FILE = "redis.out";

	private final int port;

	private final List<String> extraArgs;

	private final Path directory;

	private final int tlsPort;

	private @Nullable Process process;

	private @Nullable Process guard;

	private boolean paused;

	private boolean closed;

	private RedisServerProcess(int port, List<String> extraArgs, Path directory, int tlsPort) {
		this.port = port;
		this.extraArgs = List.copyOf(extraArgs);
		this.directory = directory;
		this.tlsPort = tlsPort;
	}

	/**
	 * Starts a server on a free port.
	 * @return the running server
	 * @throws IllegalStateException if the server does not start
	 */
	public static RedisServerProcess start() {
		return start(List.of());
	}

	/**
	 * Starts a server on a free port with extra arguments, for example
	 * {@code "--cluster-enabled", "yes"}. When the arguments enable cluster mode, the
	 * port's cluster bus port is free too.
	 * @param extraArgs arguments appended to the command line
	 * @return the running server
	 * @throws IllegalStateException if the server does not start
	 */
	public static RedisServerProcess start(String... extraArgs) {
		return start(Arrays.asList(extraArgs));
	}

	/**
	 * Starts a server on a free port with extra arguments.
	 * @param extraArgs arguments appended to the command line
	 * @return the running server
	 * @throws IllegalStateException if the server does not start
	 * @see #start(String...)
	 */
	public static RedisServerProcess start(List<String> extraArgs) {
		boolean cluster = isClusterEnabled(extraArgs);
		PortInUseException lastFailure = null;
		for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
			int port = cluster ? FreePorts.findWithClusterBus() : FreePorts.find();
			try {
				return start(port, extraArgs);
			}
			catch (PortInUseException ex) {
				// someone else bound the port between the check and redis-server's bind
				lastFailure = ex;
			}
		}
		throw new IllegalStateException("redis-server found no free port in " + START_ATTEMPTS + " attempts",
				lastFailure);
	}

	/**
	 * Starts a server that also accepts TLS connections, on a port of their own ({@link #tlsPort()}), with a
	 * certificate for {@code 127.0.0.1} and {@code localhost} signed by a CA generated for this server alone
	 * ({@link #certificates()}); clients need not present a certificate. The plain port stays open, for the checks
	 * of this class.
	 * @return the running server
	 * @throws IllegalStateException if the server does not start or {@code openssl} is missing
	 */
	public static RedisServerProcess startWithTls() {
		PortInUseException lastFailure = null;
		for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
			int port = FreePorts.find();
			int tlsPort = FreePorts.find();
			try {
				return start(port, List.of(), tlsPort);
			}
			catch (PortInUseException ex) {
				// one of the two ports was taken between the check and redis-server's bind
				lastFailure = ex;
				FreePorts.release(tlsPort);
			}
		}
		throw new IllegalStateException("redis-server found no free ports in " + START_ATTEMPTS + " attempts",
				lastFailure);
	}

	static RedisServerProcess start(int port, List<String> extraArgs) {
		return start(port, extraArgs, 0);
	}

	private static RedisServerProcess start(int port, List<String> extraArgs, int tlsPort) {
		Path directory = createDirectory();
		if (tlsPort != 0) {
			TestCertificates.generate(directory.resolve("tls"));
		}
		RedisServerProcess server = new RedisServerProcess(port, extraArgs, directory, tlsPort);
		ManagedProcesses.register(server);
		try {
			synchronized (server) {
				server.launch();
			}
			return server;
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
	}

	/**
	 * Returns the host the server binds, {@code 127.0.0.1}.
	 * @return the host
	 */
	public String host() {
		return HOST;
	}

	/**
	 * Returns the port the server listens on; it stays the same across restarts.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Returns {@code host:port}.
	 * @return the address
	 */
	public String address() {
		return HOST + ":" + this.port;
	}

	/**
	 * Returns the server's URL, {@code redis://127.0.0.1:port}.
	 * @return the URL
	 */
	public String url() {
		return "redis://" + address();
	}

	/**
	 * Returns the port the server accepts TLS connections on.
	 * @return the TLS port
	 * @throws IllegalStateException if the server was not started with {@link #startWithTls()}
	 */
	public int tlsPort() {
		requireTls();
		return this.tlsPort;
	}

	/**
	 * Returns the certificates of a server started with {@link #startWithTls()}: the CA clients trust, and the
	 * server's own. They are deleted with the server's directory.
	 * @return the certificates
	 * @throws IllegalStateException if the server was not started with {@link #startWithTls()}
	 */
	public TestCertificates certificates() {
		requireTls();
		return new TestCertificates(this.directory.resolve("tls"));
	}

	private void requireTls() {
		if (this.tlsPort == 0) {
			throw new IllegalStateException(this + " was not started with TLS");
		}
	}

	/**
	 * Returns the process id of the most recently started process.
	 * @return the process id
	 */
	public synchronized long pid() {
		return requireProcess().pid();
	}

	/**
	 * Returns the server's working directory, which holds its log and, in cluster mode,
	 * its {@code nodes.conf}.
	 * @return the working directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Whether the process is alive (a {@link #pause() paused} process is alive).
	 * @return whether the process is alive
	 */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Whether the process is {@link #pause() paused}.
	 * @return whether the process is paused
	 */
	public synchronized boolean isPaused() {
		return this.paused && isRunning();
	}

	/**
	 * Whether the server answers {@code PING} within half a second.
	 * @return whether the server answers
	 */
	public boolean ping() {
		return Resp.ping(HOST, this.port, PING_TIMEOUT);
	}

	/**
	 * Stops the server gracefully ({@code SHUTDOWN NOSAVE}, then {@code SIGTERM}) and
	 * waits for it to exit. Does nothing if it is not running.
	 */
	public synchronized void stop() {
		if (!isRunning()) {
			return;
		}
		Process current = requireProcess();
		if (this.paused) {
			resume();
		}
		try {
			Resp.command(HOST, this.port, PING_TIMEOUT, "SHUTDOWN", "NOSAVE");
		}
		catch (IOException ex) {
			// expected: the server closes the connection without a reply
		}
		if (!awaitExit(current, EXIT_TIMEOUT)) {
			current.destroy();
			if (!awaitExit(current, EXIT_TIMEOUT)) {
				current.destroyForcibly();
				awaitExit(current, EXIT_TIMEOUT);
			}
		}
		exited();
	}

	/**
	 * Kills the server with {@code SIGKILL} and waits for it to exit, as a crash would.
	 * Does nothing if it is not running.
	 */
	public synchronized void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			if (!awaitExit(this.process, EXIT_TIMEOUT)) {
				throw new IllegalStateException("redis-server " + this.process.pid() + " did not die on SIGKILL");
			}
		}
		exited();
	}

	/**
	 * Freezes the server with {@code SIGSTOP}: it keeps its connections but answers
	 * nothing until {@link #resume() resumed}, like a server stuck in a long pause.
	 * @throws IllegalStateException if the server is not running
	 */
	public synchronized void pause() {
		Process current = requireRunning();
		ManagedProcesses.signal(current, "STOP");
		this.paused = true;
		awaitProcessState(current, true);
	}

	/**
	 * Continues a {@link #pause() paused} server with {@code SIGCONT}. Does nothing if it
	 * is not paused.
	 */
	public synchronized void resume() {
		if (this.paused && isRunning()) {
			Process current = requireProcess();
			ManagedProcesses.signal(current, "CONT");
			awaitProcessState(current, false);
		}
		this.paused = false;
	}

	/**
	 * Starts the server again on the same port, after {@link #stop()} or
	 * {@link #kill()}; a running server is stopped first. Data is gone, cluster
	 * membership ({@code nodes.conf}) is kept.
	 * @throws IllegalStateException if the server does not start again
	 */
	public synchronized void restart() {
		requireOpen();
		stop();
		long deadline = System.nanoTime() + RESTART_TIMEOUT.toNanos();
		while (true) {
			try {
				launch();
				return;
			}
			catch (PortInUseException ex) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Port " + this.port + " stayed in use for "
							+ RESTART_TIMEOUT.toSeconds() + "s; redis-server could not restart on it", ex);
				}
				sleep(Duration.ofMillis(100));
			}
		}
	}

	/**
	 * Ends the server for good: resumes it if paused, kills it, and deletes its
	 * directory.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			try {
				resume();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not resume redis-server before killing it", ex);
			}
			kill();
		}
		finally {
			deleteDirectory();
			FreePorts.release(this.port);
			if (this.tlsPort != 0) {
				FreePorts.release(this.tlsPort);
			}
			ManagedProcesses.unregister(this);
		}
	}

	@Override
	public String toString() {
		return "redis-server " + address() + " (" + this.directory + ")";
	}

	/**
	 * Returns the last lines of the server's log and console output.
	 * @return the log tail, or a note that there is none
	 */
	String logTail() {
		StringBuilder tail = new StringBuilder();
		for (String name : List.of(OUTPUT_FILE, LOG_FILE)) {
			Path file = this.directory.resolve(name);
			if (Files.isRegularFile(file)) {
				try {
					List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
					List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
					if (!last.isEmpty()) {
						tail.append(System.lineSeparator()).append("--- ").append(file).append(':');
						last.forEach((line) -> tail.append(System.lineSeparator()).append(line));
					}
				}
				catch (IOException | UncheckedIOException ex) {
					tail.append(System.lineSeparator()).append("(could not read ").append(file).append(')');
				}
			}
		}
		return (tail.length() > 0) ? tail.toString() : " (no output)";
	}

	private void launch() {
		List<String> command = new ArrayList<>();
		command.add(Executables.require("redis-server"));
		command.addAll(List.of("--port", String.valueOf(this.port), "--bind", HOST, "--save", "", "--appendonly",
				"no", "--daemonize", "no", "--dir", this.directory.toString(), "--logfile",
				this.directory.resolve(LOG_FILE).toString()));
		if (this.tlsPort != 0) {
			TestCertificates certificates = certificates();
			command.addAll(List.of("--tls-port", String.valueOf(this.tlsPort), "--tls-cert-file",
					certificates.serverCertificate().toString(), "--tls-key-file",
					certificates.serverKey().toString(), "--tls-ca-cert-file", certificates.caCertificate().toString(),
					"--tls-auth-clients", "no"));
		}
		command.addAll(this.extraArgs);
		Process started;
		try {
			started = new ProcessBuilder(command).directory(this.directory.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve(OUTPUT_FILE).toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + command, ex);
		}
		this.process = started;
		this.paused = false;
		try {
			this.guard = ManagedProcesses.guard(started);
		}
		catch (IOException ex) {
			logger.warn("Could not start the orphan guard of redis-server {}", started.pid(), ex);
		}
		awaitStartup(started);
		logger.debug("Started redis-server on {} (pid {})", address(), started.pid());
	}

	private void awaitStartup(Process started) {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (!Resp.ping(HOST, this.port, Duration.ofMillis(200))) {
			if (!started.isAlive()) {
				exited();
				String tail = logTail();
				if (tail.contains("Address already in use")) {
					throw new PortInUseException(this.port, tail);
				}
				throw new IllegalStateException(
						"redis-server on port " + this.port + " exited with " + started.exitValue() + tail);
			}
			if (System.nanoTime() > deadline) {
				started.destroyForcibly();
				awaitExit(started, EXIT_TIMEOUT);
				exited();
				throw new IllegalStateException("redis-server on port " + this.port + " did not answer PING within "
						+ STARTUP_TIMEOUT.toSeconds() + "s" + logTail());
			}
			sleep(Duration.ofMillis(10));
		}
	}

	private void exited() {
		this.paused = false;
		if (this.guard != null) {
			this.guard.destroyForcibly();
			this.guard = null;
		}
	}

	private Process requireProcess() {
		if (this.process == null) {
			throw new IllegalStateException(this + " was never started");
		}
		return this.process;
	}

	private Process requireRunning() {
		requireOpen();
		Process current = requireProcess();
		if (!current.isAlive()) {
			throw new IllegalStateException(this + " is not running");
		}
		return current;
	}

	private void requireOpen() {
		if (this.closed) {
			throw new IllegalStateException(this + " is closed");
		}
	}

	private static boolean awaitExit(Process process, Duration timeout) {
		try {
			return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !process.isAlive();
		}
	}

	// SIGSTOP and SIGCONT take effect asynchronously; on Linux, /proc shows when they have
	private static void awaitProcessState(Process process, boolean stopped) {
		Path stat = Path.of("/proc", String.valueOf(process.pid()), "stat");
		long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
		while (Files.isReadable(stat) && System.nanoTime() < deadline) {
			try {
				String content = Files.readString(stat);
				char state = content.charAt(content.lastIndexOf(')') + 2);
				if ((state == 'T' || state == 't') == stopped) {
					return;
				}
			}
			catch (IOException | RuntimeException ex) {
				return;
			}
			sleep(Duration.ofMillis(5));
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for redis-server", ex);
		}
	}

	private static boolean isClusterEnabled(List<String> args) {
		for (int i = 0; i < args.size() - 1; i++) {
			if ("--cluster-enabled".equals(args.get(i)) && "yes".equalsIgnoreCase(args.get(i + 1))) {
				return true;
			}
		}
		return false;
	}

	private static Path createDirectory() {
		try {
			return Files.createTempDirectory("perfkit-redis-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a directory for redis-server", ex);
		}
	}

	private void deleteDirectory() {
		try (Stream<Path> paths = Files.walk(this.directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			logger.debug("Could not delete {}", this.directory, ex);
		}
	}

	/**
	 * Thrown when redis-server could not bind its port.
	 */
	static final class PortInUseException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		PortInUseException(int port, String logTail) {
			super("Port " + port + " is already in use" + logTail);
		}

	}

}
