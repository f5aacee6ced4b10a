package dev.perfkit.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds free TCP ports on the loopback interface for servers that tests start.
 * <p>
 * Ports come from 15000&ndash;21999, below Linux's default
 * ephemeral range (32768&ndash;60999), so the kernel never hands one to an outgoing
 * connection while a test's server is down for a restart; their Redis Cluster bus ports
 * (port + {@value #CLUSTER_BUS_OFFSET}) stay below it too. A port is handed out at most
 * once per JVM until it is {@link #release(int) released}. Another process can still
 * take a port between the check and the server's bind: callers retry with a new port
 * when the bind fails.
 *
 * @since 0.1.0
 */
public final class FreePorts {

	/**
	 * Offset of a Redis Cluster node's bus port from its client port.
	 */
	public static final int CLUSTER_BUS_OFFSET = 10000;

	private static final int LOWEST = 15000;

	private static final int HIGHEST = 22000;

	private static final int ATTEMPTS = 200;

	private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

	private FreePorts() {
	}

	/**
	 * Returns a port that nothing listens on at {@code 127.0.0.1}.
	 * @return a free port
	 */
	public static int find() {
		return find(false);
	}

	/**
	 * Returns a port that is free at {@code 127.0.0.1} together with its Redis Cluster
	 * bus port (port + {@value #CLUSTER_BUS_OFFSET}).
	 * @return a free port whose bus port is free too
	 */
	public static int findWithClusterBus() {
		return find(true);
	}

	/**
	 * Makes a port found earlier available to {@link #find()} again.
	 * @param port the port
	 */
	public static void release(int port) {
		handedOut.remove(port);
		handedOut.remove(port + CLUSTER_BUS_OFFSET);
	}

	/**
	 * Whether a server could bind the given port at {@code 127.0.0.1} right now.
	 * @param port the port
	 * @return whether the port is free
	 */
	public static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int find(boolean withBus) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int port = random.nextInt(LOWEST, HIGHEST);
			if (handedOut.add(port)) {
				if (isFree(port) && (!withBus || reserveBus(port))) {
					return port;
				}
				handedOut.remove(port);
			}
		}
		throw new IllegalStateException("No free port between " + LOWEST + " and " + HIGHEST + " after "
				+ ATTEMPTS + " attempts");
	}

	private static boolean reserveBus(int port) {
		int bus = port + CLUSTER_BUS_OFFSET;
		if (handedOut.add(bus)) {
			if (isFree(bus)) {
				return true;
			}
			handedOut.remove(bus);
		}
		return false;
	}

}
