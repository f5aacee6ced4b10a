package dev.perfkit.test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis Cluster of three masters, each a dedicated {@link RedisServerProcess}, formed
 * with {@code redis-cli --cluster create}.
 * <p>
 * Nodes run with {@code --cluster-node-timeout 2000}, so a {@link RedisServerProcess#kill()
 * killed} node is marked failed within a few seconds. {@link #close()} ends every node.
 * <pre class="code">
 * try (RedisClusterProcess cluster = RedisClusterProcess.start()) {
 *     RedisClusterClient client = RedisClusterClient.create(cluster.urls().stream().map(RedisURI::create).toList());
 *     ...
 *     cluster.server(2).kill();
 * }
 * </pre>
 *
 * @since 0.1.0
 */
public final class RedisClusterProcess implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisClusterProcess.class);

	private static final int MASTERS = 3;

	private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration STATE_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

	private static final List<String> CLUSTER_ARGS = List.of("--cluster-enabled", "yes", "--cluster-config-file",
			"nodes.conf", "--cluster-node-timeout", "2000");

	private final List<RedisServerProcess> servers;

	private boolean closed;

	private RedisClusterProcess(List<RedisServerProcess> servers) {
		this.servers = List.copyOf(servers);
	}

	/**
	 * Starts three nodes on free ports, forms a cluster of three masters and waits until
	 * every node reports {@code cluster_state:ok}.
	 * @return the running cluster
	 * @throws IllegalStateException if the cluster cannot be formed
	 */
	public static RedisClusterProcess start() {
		List<RedisServerProcess> servers = new ArrayList<>();
		try {
			for (int i = 0; i < MASTERS; i++) {
				servers.add(RedisServerProcess.start(CLUSTER_ARGS));
			}
			RedisClusterProcess cluster = new RedisClusterProcess(servers);
			ManagedProcesses.register(cluster);
			cluster.create();
			cluster.awaitState("ok");
			logger.debug("Formed Redis Cluster {}", cluster.nodes());
			return cluster;
		}
		catch (RuntimeException ex) {
			servers.forEach(RedisServerProcess::close);
			throw ex;
		}
	}

	/**
	 * Returns the nodes' addresses, {@code 127.0.0.1:port}, in start order.
	 * @return the node addresses
	 */
	public List<String> nodes() {
		return this.servers.stream().map(RedisServerProcess::address).toList();
	}

	/**
	 * Returns the nodes' URLs, {@code redis://127.0.0.1:port}, in start order.
	 * @return the node URLs
	 */
	public List<String> urls() {
		return this.servers.stream().map(RedisServerProcess::url).toList();
	}

	/**
	 * Returns the nodes' processes, in start order, so that a test can kill, pause or
	 * restart one.
	 * @return the node processes
	 */
	public List<RedisServerProcess> servers() {
		return this.servers;
	}

	/**
	 * Returns one node's process.
	 * @param index the node's index in start order
	 * @return the node's process
	 */
	public RedisServerProcess server(int index) {
		return this.servers.get(index);
	}

	/**
	 * Returns the reply of {@code CLUSTER INFO} from the given node.
	 * @param index the node's index in start order
	 * @return the cluster information, one {@code field:value} per line
	 * @throws IllegalStateException if the node does not answer
	 */
	public String clusterInfo(int index) {
		RedisServerProcess server = server(index);
		try {
			return String.valueOf(Resp.command(server.host(), server.port(), COMMAND_TIMEOUT, "CLUSTER", "INFO"));
		}
		catch (IOException ex) {
			throw new IllegalStateException("CLUSTER INFO failed on " + server.address(), ex);
		}
	}

	/**
	 * Waits until every running node reports the given {@code cluster_state}, for
	 * example {@code fail} after a node was killed.
	 * @param state the state, {@code ok} or {@code fail}
	 * @throws IllegalStateException if the nodes do not agree within 20 seconds
	 */
	public void awaitState(String state) {
		String expected = "cluster_state:" + state;
		Predicate<Integer> reports = (index) -> {
			try {
				return clusterInfo(index).lines().anyMatch(expected::equals);
			}
			catch (IllegalStateException ex) {
				return false;
			}
		};
		long deadline = System.nanoTime() + STATE_TIMEOUT.toNanos();
		while (true) {
			List<String> pending = new ArrayList<>();
			for (int i = 0; i < this.servers.size(); i++) {
				if (this.servers.get(i).isRunning() && !reports.test(i)) {
					pending.add(this.servers.get(i).address());
				}
			}
			if (pending.isEmpty()) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"Nodes " + pending + " did not report " + expected + " within " + STATE_TIMEOUT.toSeconds()
								+ "s");
			}
			sleep(Duration.ofMillis(50));
		}
	}

	/**
	 * Ends every node and deletes their directories.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		List<RedisServerProcess> reversed = new ArrayList<>(this.servers);
		Collections.reverse(reversed);
		reversed.forEach(RedisServerProcess::close);
		ManagedProcesses.unregister(this);
	}

	@Override
	public String toString() {
		return "Redis Cluster " + nodes();
	}

	private void create() {
		List<String> command = new ArrayList<>(List.of(Executables.require("redis-cli"), "--cluster", "create"));
		command.addAll(nodes());
		command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
		try {
			Process process = new ProcessBuilder(command)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.redirectErrorStream(true)
				.redirectOutput(createOutputFile().toFile())
				.start();
			if (!process.waitFor(CREATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("redis-cli --cluster create did not finish within "
						+ CREATE_TIMEOUT.toSeconds() + "s" + createOutput());
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						"redis-cli --cluster create exited with " + process.exitValue() + createOutput());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while forming the cluster", ex);
		}
	}

	private String createOutput() {
		try {
			return System.lineSeparator() + Files.readString(createOutputFile(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private Path createOutputFile() {
		return this.servers.get(0).directory().resolve("cluster-create.out");
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the cluster", ex);
		}
	}

}
