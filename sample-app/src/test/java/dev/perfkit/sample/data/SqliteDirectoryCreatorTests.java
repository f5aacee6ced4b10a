package dev.perfkit.sample.data;

import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SqliteDirectoryCreator}.
 */
class SqliteDirectoryCreatorTests {

	@TempDir
	Path temp;

	@Test
	void databaseFileIsReadFromSqliteUrls() {
		assertThat(SqliteDirectoryCreator.databaseFile("jdbc:sqlite:/data/app.db?journal_mode=WAL"))
			.isEqualTo(Path.of("/data/app.db"));
		assertThat(SqliteDirectoryCreator.databaseFile("jdbc:sqlite:file:relative/app.db"))
			.isEqualTo(Path.of("relative/app.db"));
		assertThat(SqliteDirectoryCreator.databaseFile("jdbc:sqlite::memory:")).isNull();
		assertThat(SqliteDirectoryCreator.databaseFile("jdbc:postgresql://localhost/test")).isNull();
		assertThat(SqliteDirectoryCreator.databaseFile(null)).isNull();
	}

	@Test
	void directoryOfSqliteFileIsCreated() {
		Path file = this.temp.resolve("a").resolve("b").resolve("catalog.db");
		try (HikariDataSource dataSource = new HikariDataSource()) {
			dataSource.setJdbcUrl("jdbc:sqlite:" + file + "?busy_timeout=5000");
			new SqliteDirectoryCreator().postProcessBeforeInitialization(dataSource, "dataSource");
		}
		assertThat(file.getParent()).isDirectory();
		assertThat(file).doesNotExist();
	}

}
