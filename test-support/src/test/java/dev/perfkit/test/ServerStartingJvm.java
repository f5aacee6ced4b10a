package dev.perfkit.test;

/**
 * Main class of a child JVM that starts a running and a paused server, prints their
 * process ids and directories, and then exits through {@link System#exit(int)} or
 * waits to be killed.
 */
final class ServerStartingJvm {

	static final int EXIT_CODE = 3;

	private ServerStartingJvm() {
	}

	public static void main(String[] args) throws Exception {
		RedisServerProcess running = RedisServerProcess.start();
		RedisServerProcess paused = RedisServerProcess.start();
		paused.pause();
		for (RedisServerProcess server : new RedisServerProcess[] { running, paused }) {
			System.out.println("server " + server.pid() + " " + server.directory());
		}
		System.out.println("started");
		System.out.flush();
		if (args.length > 0 && args[0].equals("exit")) {
			System.exit(EXIT_CODE);
		}
		System.in.read();
	}

}
