package dev.perfkit.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * Makes files and folders read-only from outside the process that writes them, and writable again. As root, permissions do not
 * stop a write, so files are made immutable ({@code chattr +i}), which also stops writes through descriptors opened
 * before; as another user, their permissions become {@code r--r--r--} (a descriptor opened before keeps writing).
 * Never a file a process writes through a shared memory map (SQLite's {@code -shm}): a write fault there is a
 * {@code SIGBUS} that ends the process.
 *
 * @since 0.1.0
 */
public final class ReadOnlyFiles {

	private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

	private ReadOnlyFiles() {
	}

	/**
	 * How files are made read-only on this machine, for reports.
	 * @return {@code "chattr +i"} or {@code "chmod 444"}
	 */
	public static String how() {
		return ROOT ? "chattr +i" : "chmod 444";
	}

	/**
	 * Makes the files that exist read-only.
	 * @param files the files
	 */
	public static void makeReadOnly(Path... files) {
		for (Path file : files) {
			if (Files.exists(file)) {
				change(file, true);
			}
		}
	}

	/**
	 * Makes the files that exist writable again.
	 * @param files the files
	 */
	public static void makeWritable(Path... files) {
		for (Path file : files) {
			if (Files.exists(file)) {
				change(file, false);
			}
		}
	}

	private static void change(Path file, boolean readOnly) {
		try {
			if (ROOT) {
				Process chattr = new ProcessBuilder("chattr", readOnly ? "+i" : "-i", file.toString())
					.redirectErrorStream(true)
					.start();
				String output = new String(chattr.getInputStream().readAllBytes());
				if (!chattr.waitFor(10, TimeUnit.SECONDS) || chattr.exitValue() != 0) {
					throw new IllegalStateException("chattr failed on " + file + ": " + output);
				}
			}
			else {
				boolean folder = Files.isDirectory(file);
				String permissions = readOnly ? (folder ? "r-x------" : "r--------") : (folder ? "rwx------" : "rw-------");
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot change " + file, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
