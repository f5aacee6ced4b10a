package dev.perfkit.test;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry of everything the test support started in this JVM: closed by a shutdown hook
 * (also on {@link System#exit(int)} and after failed tests), and each server process
 * watched by an orphan guard that kills it should the JVM die without running its hooks.
 */
final class ManagedProcesses {

	private static final Logger logger = LoggerFactory.getLogger(ManagedProcesses.class);

	// Kills the server (first argument) once the JVM (second argument) is gone; ends
	// by itself when the server exits.
	private static final String ORPHAN_GUARD = "while kill -0 \"$1\" 2>/dev/null; do "
			+ "if ! kill -0 \"$2\" 2>/dev/null; then kill -9 \"$1\" 2>/dev/null; exit 0; fi; sleep 1; done";

	private static final Set<AutoCloseable> resources = new LinkedHashSet<>();

	private static boolean hookAdded;

	private ManagedProcesses() {
	}

	/**
	 * Closes the resource when the JVM shuts down unless it was
	 * {@link #unregister(AutoCloseable) unregistered} before.
	 * @param resource the resource
	 */
	static synchronized void register(AutoCloseable resource) {
		if (!hookAdded) {
			Runtime.getRuntime().addShutdownHook(new Thread(ManagedProcesses::closeAll, "perfkit-test-cleanup"));
			hookAdded = true;
		}
		resources.add(resource);
	}

	static synchronized void unregister(AutoCloseable resource) {
		resources.remove(resource);
	}

	/**
	 * Starts a guard that kills the given process if this JVM dies without running its
	 * shutdown hooks ({@code SIGKILL}, crash).
	 * @param process the process to guard
	 * @return the guard process, to be destroyed when the guarded process ends normally
	 * @throws IOException if the guard cannot be started
	 */
	static Process guard(Process process) throws IOException {
		String jvm = String.valueOf(ProcessHandle.current().pid());
		return new ProcessBuilder("sh", "-c", ORPHAN_GUARD, "perfkit-orphan-guard", String.valueOf(process.pid()), jvm)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
	}

	/**
	 * Sends a signal with the {@code kill} command ({@link ProcessHandle} only sends
	 * {@code SIGTERM} and {@code SIGKILL}).
	 * @param process the process
	 * @param signal the signal name without {@code SIG}, for example {@code STOP}
	 */
	static void signal(Process process, String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
				.redirectErrorStream(true)
				.start();
			String output = new String(kill.getInputStream().readAllBytes()).trim();
			int exit = kill.waitFor();
			if (exit != 0) {
				throw new IllegalStateException(
						"kill -" + signal + " " + process.pid() + " exited with " + exit + ": " + output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run kill -" + signal + " " + process.pid(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending SIG" + signal, ex);
		}
	}

	private static void closeAll() {
		List<AutoCloseable> toClose;
		synchronized (ManagedProcesses.class) {
			toClose = new ArrayList<>(resources);
			resources.clear();
		}
		Collections.reverse(toClose);
		for (AutoCloseable resource : toClose) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				logger.warn("Could not close {} at shutdown", resource, ex);
			}
		}
	}

}
