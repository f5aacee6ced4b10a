package dev.perfkit.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a free loopback port that injects network faults between a client and a server, on command: per
 * direction, a delay before each chunk is forwarded or a black hole that reads and discards everything; per
 * connection, a close (FIN) or a reset (RST); for the proxy, refusing new connections. Faults set on the proxy apply
 * to its current connections and the ones that follow; faults set on one {@link Connection} apply to it alone.
 * <pre class="code">
 * try (RedisServerProcess redis = RedisServerProcess.start(); FaultProxy proxy = FaultProxy.start(redis.host(), redis.port())) {
 *     RedisClient client = RedisClient.create("redis://" + proxy.address());
 *     ...
 *     proxy.blackHole(FaultProxy.Direction.DOWNSTREAM);   // the server's answers never arrive
 *     ...
 *     proxy.heal();
 * }
 * </pre>
 *
 * @since 0.1.0
 */
public final class FaultProxy implements AutoCloseable {

	/** Which way bytes travel. */
	public enum Direction {

		/** From the client to the server. */
		UPSTREAM,

		/** From the server to the client. */
		DOWNSTREAM

	}

	private final String targetHost;

	private final int targetPort;

	private final ServerSocket server;

	private final Faults faults = new Faults();

	private final List<Connection> connections = new CopyOnWriteArrayList<>();

	private volatile boolean refusing;

	private volatile boolean closed;

	private FaultProxy(String targetHost, int targetPort, ServerSocket server) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = server;
	}

	/**
	 * Starts a proxy to the given server.
	 * @param targetHost the server's host
	 * @param targetPort the server's port
	 * @return the running proxy
	 */
	public static FaultProxy start(String targetHost, int targetPort) {
		try {
			ServerSocket server = new ServerSocket();
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			FaultProxy proxy = new FaultProxy(targetHost, targetPort, server);
			daemon(proxy::accept, "fault-proxy-accept-" + server.getLocalPort()).start();
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The proxy's port on the loopback address.
	 * @return the port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * The proxy's {@code host:port}.
	 * @return the address
	 */
	public String address() {
		return "127.0.0.1:" + port();
	}

	/**
	 * The connections currently open through the proxy.
	 * @return the connections
	 */
	public List<Connection> connections() {
		return List.copyOf(this.connections);
	}

	/**
	 * Delays every chunk travelling in a direction, on every connection.
	 * @param direction the direction
	 * @param delay the delay, zero for none
	 */
	public void delay(Direction direction, Duration delay) {
		this.faults.delay(direction, delay);
	}

	/**
	 * Discards every byte travelling in a direction, on every connection, while the connections stay open.
	 * @param direction the direction
	 */
	public void blackHole(Direction direction) {
		this.faults.blackHole(direction, true);
	}

	/**
	 * Whether new connections are accepted and closed at once, as by a server that is going away.
	 * @param refusing whether to refuse
	 */
	public void refuseNewConnections(boolean refusing) {
		this.refusing = refusing;
	}

	/**
	 * Resets (RST) every current connection on both sides.
	 */
	public void resetAll() {
		this.connections.forEach(Connection::reset);
	}

	/**
	 * Removes every fault of the proxy and of its connections; connections already closed stay closed.
	 */
	public void heal() {
		this.refusing = false;
		this.faults.clear();
		this.connections.forEach((connection) -> connection.faults.clear());
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		this.connections.forEach(Connection::close);
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				if (this.refusing) {
					client.close();
					continue;
				}
				Socket target = new Socket();
				try {
					target.connect(new InetSocketAddress(this.targetHost, this.targetPort), 5_000);
				}
				catch (IOException ex) {
					target.close();
					client.close();
					continue;
				}
				client.setTcpNoDelay(true);
				target.setTcpNoDelay(true);
				Connection connection = new Connection(client, target);
				this.connections.add(connection);
				connection.start();
			}
			catch (IOException ex) {
				if (this.closed) {
					return;
				}
			}
		}
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

	@Override
	public String toString() {
		return "FaultProxy[" + address() + " -> " + this.targetHost + ":" + this.targetPort + "]";
	}

	/**
	 * One client connection through the proxy and its own faults.
	 */
	public final class Connection {

		private final Socket client;

		private final Socket target;

		private final Faults faults = new Faults();

		private Connection(Socket client, Socket target) {
			this.client = client;
			this.target = target;
		}

		private void start() throws IOException {
			InputStream fromClient = this.client.getInputStream();
			OutputStream toTarget = this.target.getOutputStream();
			InputStream fromTarget = this.target.getInputStream();
			OutputStream toClient = this.client.getOutputStream();
			daemon(() -> pump(fromClient, toTarget, Direction.UPSTREAM), "fault-proxy-up-" + port()).start();
			daemon(() -> pump(fromTarget, toClient, Direction.DOWNSTREAM), "fault-proxy-down-" + port()).start();
		}

		/**
		 * Delays every chunk travelling in a direction on this connection.
		 * @param direction the direction
		 * @param delay the delay, zero for none
		 */
		public void delay(Direction direction, Duration delay) {
			this.faults.delay(direction, delay);
		}

		/**
		 * Discards every byte travelling in a direction on this connection.
		 * @param direction the direction
		 */
		public void blackHole(Direction direction) {
			this.faults.blackHole(direction, true);
		}

		/**
		 * Resets (RST) the connection on both sides.
		 */
		public void reset() {
			for (Socket socket : new Socket[] { this.client, this.target }) {
				try {
					socket.setSoLinger(true, 0);
				}
				catch (IOException ex) {
					// closed already
				}
			}
			close();
		}

		/**
		 * Closes the connection (FIN) on both sides.
		 */
		public void close() {
			FaultProxy.this.connections.remove(this);
			for (Socket socket : new Socket[] { this.client, this.target }) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// closed already
				}
			}
		}

		private void pump(InputStream in, OutputStream out, Direction direction) {
			byte[] buffer = new byte[16 * 1024];
			try {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					if (FaultProxy.this.faults.blackHoled(direction) || this.faults.blackHoled(direction)) {
						continue;
					}
					long delay = Math.max(FaultProxy.this.faults.delayMillis(direction),
							this.faults.delayMillis(direction));
					if (delay > 0) {
						Thread.sleep(delay);
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// the other side is gone
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			close();
		}

	}

	private static final class Faults {

		private final long[] delayMillis = new long[2];

		private final boolean[] blackHoles = new boolean[2];

		synchronized void delay(Direction direction, Duration delay) {
			this.delayMillis[direction.ordinal()] = delay.toMillis();
		}

		synchronized void blackHole(Direction direction, boolean on) {
			this.blackHoles[direction.ordinal()] = on;
		}

		synchronized long delayMillis(Direction direction) {
			return this.delayMillis[direction.ordinal()];
		}

		synchronized boolean blackHoled(Direction direction) {
			return this.blackHoles[direction.ordinal()];
		}

		synchronized void clear() {
			this.delayMillis[0] = 0;
			this.delayMillis[1] = 0;
			this.blackHoles[0] = false;
			this.blackHoles[1] = false;
		}

	}

}
