package dev.perfkit.cache.sqlite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import dev.perfkit.test.ReadOnlyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The L3 file made read-only from outside while the layer has it open (a real SQLite file; as root it is made
 * immutable, which also stops writes through the open connection): writes fail, {@code ping} says so for health, and
 * the layer writes again once the file is writable.
 */
class SqliteCacheLayerReadOnlyTests {

	@TempDir
	Path temp;

	@Test
	void aFileMadeReadOnlyWhileOpenFailsWritesAndPingUntilItIsWritableAgain() {
		Path file = this.temp.resolve("readonly.db");
		// not the -shm file: SQLite writes it through a shared memory map, and a write fault there is a SIGBUS that
		// ends the JVM (seen with chattr +i), not an error SQLite can report
		Path[] files = { file, Path.of(file + "-wal") };
		try (SqliteCacheLayer layer = new SqliteCacheLayer(file, "app", 100, Duration.ofMillis(200),
				Duration.ofHours(1))) {
			layer.put("products", "1", bytes("one"), Long.MAX_VALUE, new String[0]);
			layer.ping();
			ReadOnlyFiles.makeReadOnly(files);
			try {
				assertThatIllegalStateException().isThrownBy(() -> layer.ping()).withMessageContaining("read-only");
				assertThatIllegalStateException()
					.isThrownBy(() -> layer.put("products", "2", bytes("two"), Long.MAX_VALUE, new String[0]))
					.withMessageContaining(file.toString())
					// a write that fails on the read-only file says so in the words health shows, whatever SQLite called it
					.withMessageContaining("is read-only");
			}
			finally {
				ReadOnlyFiles.makeWritable(files);
			}
			layer.ping();
			layer.put("products", "2", bytes("two"), Long.MAX_VALUE, new String[0]);
			assertThat(layer.get("products", "2")).isEqualTo(bytes("two"));
			assertThat(layer.get("products", "1")).isEqualTo(bytes("one"));
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
