package dev.perfkit.test;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ManagedProcessesTests {

	private final List<Process> jvms = new ArrayList<>();

	private final List<Path> directories = new ArrayList<>();

	@AfterEach
	void cleanUp() throws Exception {
		for (Process jvm : this.jvms) {
			jvm.destroyForcibly();
			jvm.waitFor(10, TimeUnit.SECONDS);
		}
		for (Path directory : this.directories) {
			if (Files.exists(directory)) {
				try (Stream<Path> paths = Files.walk(directory)) {
					paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
				}
			}
		}
	}

	@Test
	void serversEndWhenJvmExitsThroughSystemExit() throws Exception {
		Process jvm = startJvm("exit");
		List<Long> pids = readServers(jvm);
		assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(jvm.exitValue()).isEqualTo(ServerStartingJvm.EXIT_CODE);
		assertThat(pids).hasSize(2).noneMatch(Processes::isAlive);
		assertThat(this.directories).allSatisfy((directory) -> assertThat(directory).doesNotExist());
	}

	@Test
	void serversEndWhenJvmIsKilledWithoutRunningItsHooks() throws Exception {
		Process jvm = startJvm("wait");
		List<Long> pids = readServers(jvm);
		assertThat(pids).hasSize(2).allMatch(Processes::isAlive);
		jvm.destroyForcibly();
		assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(pids).as("killed by their orphan guards").noneMatch(Processes::isAlive));
	}

	private Process startJvm(String mode) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				ServerStartingJvm.class.getName(), mode)
			.redirectErrorStream(true)
			.start();
		this.jvms.add(jvm);
		return jvm;
	}

	private List<Long> readServers(Process jvm) throws Exception {
		List<Long> pids = new ArrayList<>();
		List<String> output = new ArrayList<>();
		BufferedReader reader = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = reader.readLine()) != null && !line.equals("started")) {
			output.add(line);
			if (line.startsWith("server ")) {
				String[] parts = line.split(" ", 3);
				pids.add(Long.parseLong(parts[1]));
				this.directories.add(Path.of(parts[2]));
			}
		}
		assertThat(line).as("child JVM output: %s", output).isEqualTo("started");
		// keep draining so that the child never blocks on a full pipe
		Thread drain = new Thread(() -> {
			try {
				reader.transferTo(java.io.Writer.nullWriter());
			}
			catch (Exception ex) {
				// the child is gone
			}
		});
		drain.setDaemon(true);
		drain.start();
		return pids;
	}

}
