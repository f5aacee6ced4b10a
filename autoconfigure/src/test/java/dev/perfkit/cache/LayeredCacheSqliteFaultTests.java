package dev.perfkit.cache;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.perfkit.cache.CacheTestContexts.Catalog;
import dev.perfkit.cache.sqlite.SqliteCacheLayer;
import dev.perfkit.test.Latencies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * The layered cache while its L3 SQLite file is locked by another process, made read-only, truncated, corrupted or
 * deleted with its folder, and after a graceful shutdown. Every fault is on the test's own file; Redis is off so that
 * every read below L1 reaches the file.
 */
class LayeredCacheSqliteFaultTests {

	private static final int CALLS = 100;

	private static final Duration LIVENESS = Duration.ofSeconds(30);

	@TempDir
	Path temp;

	private ApplicationContextRunner runner(Path file) {
		return CacheTestContexts.runnerWithoutRedis(file, CacheTestContexts.uniquePrefix())
			.withPropertyValues("perfkit.cache.redis.enabled=false", "perfkit.cache.recovery-interval=1s",
					"perfkit.cache.sqlite.purge-interval=1s");
	}

	@Test
	void fileLockedByAnotherProcessIsSkippedAndUsedAgainWhenReleased() throws Exception {
		Path file = this.temp.resolve("locked.db");
		runner(file).run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			LayeredCache cache = lookups(context);
			warm(catalog);
			Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-cp", System.getProperty("java.class.path"), SqliteLockHolder.class.getName(), file.toString())
				.redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
			try {
				BufferedReader output = new BufferedReader(
						new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
				assertThat(CompletableFuture.supplyAsync(() -> readLine(output)).get(30, TimeUnit.SECONDS))
					.isEqualTo("LOCKED");
				Latencies latencies = exercise(catalog, cache);
				assertThat(sqliteState(context).failures()).isPositive();
				print("L3 locked by another process", latencies);
			}
			finally {
				holder.getOutputStream().close();
				assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
			}
			awaitL3UsedAgain(context, cache);
		});
	}

	@Test
	void fileMadeReadOnlyIsSkippedAndUsedAgainWhenWritable() throws Exception {
		Path file = this.temp.resolve("read-only/cache.db");
		runner(file).run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			LayeredCache cache = lookups(context);
			warm(catalog);
			List<Path> paths = List.of(file, Path.of(file + "-wal"), file.getParent());
			boolean immutable = makeReadOnly(paths);
			try {
				if (!immutable) {
					// without CAP_LINUX_IMMUTABLE only a new descriptor sees the permissions: reopen as a restart would
					context.getBean(SqliteCacheLayer.class).close();
				}
				Latencies latencies = exercise(catalog, cache);
				assertThat(sqliteState(context).failures()).isPositive();
				print("L3 made read-only (" + (immutable ? "chattr +i" : "chmod") + ")", latencies);
			}
			finally {
				makeWritable(paths, immutable);
			}
			awaitL3UsedAgain(context, cache);
		});
	}

	@Test
	void fileTruncatedWhileRunningIsMovedAsideAndRecreated() throws Exception {
		Path file = this.temp.resolve("truncated.db");
		runner(file).run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			LayeredCache cache = lookups(context);
			fill(cache);
			warm(catalog);
			checkpoint(file);
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
				channel.truncate(channel.size() / 3);
			}
			Latencies latencies = exercise(catalog, cache);
			assertThat(sqliteState(context).failures()).isPositive();
			assertThat(Path.of(file + ".corrupt")).exists();
			print("L3 truncated to a third while running", latencies);
			awaitL3UsedAgain(context, cache);
		});
	}

	@Test
	void fileCorruptedWhileRunningIsMovedAsideAndRecreated() throws Exception {
		Path file = this.temp.resolve("corrupted.db");
		runner(file).run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			LayeredCache cache = lookups(context);
			fill(cache);
			warm(catalog);
			checkpoint(file);
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
				byte[] garbage = "garbage!".repeat(512).getBytes(StandardCharsets.US_ASCII);
				for (long position = 0; position < channel.size(); position += garbage.length * 2L) {
					channel.write(ByteBuffer.wrap(garbage), position);
				}
			}
			Latencies latencies = exercise(catalog, cache);
			assertThat(sqliteState(context).failures()).isPositive();
			assertThat(Path.of(file + ".corrupt")).exists();
			print("L3 corrupted while running", latencies);
			awaitL3UsedAgain(context, cache);
		});
	}

	@Test
	void folderDeletedWhileRunningIsRecreated() throws Exception {
		Path folder = this.temp.resolve("vanishing");
		Path file = folder.resolve("cache.db");
		runner(file).run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			LayeredCache cache = lookups(context);
			warm(catalog);
			deleteRecursively(folder);
			Latencies latencies = exercise(catalog, cache);
			print("L3 folder deleted while running", latencies);
			await().atMost(LIVENESS).until(() -> Files.exists(file));
			awaitL3UsedAgain(context, cache);
		});
	}

	@Test
	void everyWriteIsInTheFileAfterTheContextCloses() {
		Path file = this.temp.resolve("shutdown.db");
		int entries = 2_000;
		runner(file).run((context) -> {
			LayeredCache cache = lookups(context);
			for (int i = 0; i < entries; i++) {
				cache.put("k" + i, "v" + i);
			}
		});
		runner(file).run((context) -> {
			LayeredCache cache = lookups(context);
			for (int i = 0; i < entries; i++) {
				assertThat(cache.get("k" + i)).extracting(org.springframework.cache.Cache.ValueWrapper::get)
					.isEqualTo("v" + i);
			}
			assertThat(cache.getStatistics().getHits("sqlite")).isEqualTo(entries);
		});
	}

	private static LayeredCache lookups(AssertableApplicationContext context) {
		return context.getBean(LayeredCacheManager.class).getLayeredCache("lookups");
	}

	private static void warm(Catalog catalog) {
		for (int id = 1; id <= 20; id++) {
			catalog.lookup(id);
		}
	}

	/** Writes enough entries to give the file more than a few pages. */
	private static void fill(LayeredCache cache) {
		String padding = "x".repeat(1000);
		for (int i = 0; i < 300; i++) {
			cache.put("fill-" + i, padding + i);
		}
	}

	/** Each call reads a value from below L1 and writes one, as a request would; returns their durations. */
	private static Latencies exercise(Catalog catalog, LayeredCache cache) {
		Latencies latencies = new Latencies(CALLS);
		assertTimeoutPreemptively(LIVENESS, () -> {
			for (int i = 0; i < CALLS; i++) {
				int id = i % 20 + 1;
				latencies.time(() -> {
					cache.clearMemory();
					assertThat(catalog.lookup(id).name()).isEqualTo("lookup-" + id + "-v1");
					cache.put("written-" + id, "w" + id);
				});
			}
		});
		return latencies;
	}

	private static void awaitL3UsedAgain(AssertableApplicationContext context, LayeredCache cache) {
		SqliteCacheLayer layer = context.getBean(SqliteCacheLayer.class);
		long start = System.nanoTime();
		await().atMost(LIVENESS).ignoreExceptions().untilAsserted(() -> {
			cache.put("recovered", "yes");
			assertThat(layer.get("lookups", "recovered")).isNotNull();
		});
		System.out.printf("  L3 used again %d ms after the fault was removed%n",
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
	}

	private static void print(String fault, Latencies latencies) {
		System.out.println(latencies.summary(fault));
	}

	private static LayeredCacheManager.LayerState sqliteState(AssertableApplicationContext context) {
		return context.getBean(LayeredCacheManager.class)
			.getLayerStates()
			.stream()
			.filter((state) -> state.name().equals("sqlite"))
			.findFirst()
			.orElseThrow();
	}

	private static void checkpoint(Path file) throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
				Statement statement = connection.createStatement()) {
			statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
		}
	}

	/**
	 * Makes the paths read-only: {@code chattr +i} where the test may (as root, where permissions do not stop writes;
	 * it also refuses writes through descriptors already open), else {@code chmod a-w}.
	 * @return whether the paths were made immutable
	 */
	private static boolean makeReadOnly(List<Path> paths) throws Exception {
		List<String> command = new ArrayList<>(List.of("chattr", "+i"));
		paths.stream().filter(Files::exists).map(Path::toString).forEach(command::add);
		if (run(command)) {
			return true;
		}
		for (Path path : paths) {
			if (Files.exists(path)) {
				Files.setPosixFilePermissions(path,
						PosixFilePermissions.fromString(Files.isDirectory(path) ? "r-xr-xr-x" : "r--r--r--"));
			}
		}
		return false;
	}

	private static void makeWritable(List<Path> paths, boolean immutable) throws Exception {
		if (immutable) {
			List<String> command = new ArrayList<>(List.of("chattr", "-i"));
			paths.stream().filter(Files::exists).map(Path::toString).forEach(command::add);
			assertThat(run(command)).isTrue();
			return;
		}
		for (Path path : paths) {
			if (Files.exists(path)) {
				Files.setPosixFilePermissions(path,
						PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
			}
		}
	}

	private static boolean run(List<String> command) throws Exception {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			// no chattr on this machine
			return false;
		}
	}

	private static void deleteRecursively(Path folder) throws IOException {
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	private static String readLine(BufferedReader reader) {
		try {
			return reader.readLine();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
