package dev.perfkit.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Process checks shared by the tests.
 */
final class Processes {

	private Processes() {
	}

	/**
	 * Whether the process exists and is not a zombie (a process whose parent died is
	 * reaped by init, which may take a while).
	 */
	static boolean isAlive(long pid) {
		if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
			try {
				String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
				return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
			}
			catch (IOException ex) {
				return !Files.isDirectory(Path.of("/proc"));
			}
		}
		return false;
	}

	static boolean hasChildMentioning(String text) {
		return ProcessHandle.current()
			.descendants()
			.anyMatch((child) -> child.info().commandLine().map((line) -> line.contains(text)).orElse(false));
	}

}
